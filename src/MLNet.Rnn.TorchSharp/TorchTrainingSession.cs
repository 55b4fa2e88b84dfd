using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MLNet.Rnn.TorchSharp;

/// <summary>
/// Training steps on libtorch: the model's twin, libtorch's own optimizers (SGD with momentum, Adam, AdamW) and
/// <c>clip_grad_norm_</c>. Each step's tensors live in a dispose scope of their own; only the weights, the optimizer's
/// state and a carried recurrent state outlive a step, so device memory stays flat over epochs.
/// </summary>
internal sealed class TorchTrainingSession : ITrainingSession
{
    private readonly TorchModel _model;
    private readonly int _outputs;
    private readonly TrainerOptions _options;
    private readonly optim.Optimizer _optimizer;
    private (Tensor Hidden, Tensor? Cell)? _state;
    private float _learningRate;

    public TorchTrainingSession(SequenceModel model, TrainerOptions options, Device device)
    {
        _options = options;
        _outputs = model.Options.Outputs;
        _model = new TorchModel(model, device);
        // As on the managed engine, whose session shares the model's flag; libtorch's modules start in training mode whatever the model's is.
        _model.SetTraining(model.Training);
        // The engine's own random numbers (dropout) follow the trainer's seed.
        random.manual_seed((long)(options.Seed & long.MaxValue));
        if (options.FreezeEmbedding)
            _model.FreezeEmbedding();
        var parameters = _model.Parameters.ToArray();
        _optimizer = options.Optimizer switch
        {
            "sgd" => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
            "adamw" => optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay),
            _ => optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay),
        };
        _learningRate = options.LearningRate;
    }

    public bool Training
    {
        get => _model.Training;
        set => _model.SetTraining(value);
    }

    public float LearningRate
    {
        get => _learningRate;
        set
        {
            _learningRate = value;
            foreach (var group in _optimizer.ParamGroups)
                group.LearningRate = value;
        }
    }

    public double TrainStep(SequenceBatch batch, BatchTargetValues targets, bool carryState = false)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var logits = ForwardOnDevice(batch, carryState);
        var loss = !targets.AreClasses ? nn.functional.mse_loss(logits, tensor(targets.Values!, [logits.shape[0], _outputs], device: _model.Device))
            : _model.Crf is { } crf ? crf.NegativeLogLikelihood(logits, batch.Layout, targets.Classes!)
            : nn.functional.cross_entropy(logits, tensor(targets.Classes!, device: _model.Device).to(ScalarType.Int64));
        double value = loss.item<float>();
        if (!double.IsFinite(value))
            return value;
        loss.backward();
        if (_options.ClipGradientNorm > 0)
            nn.utils.clip_grad_norm_(_model.Parameters, _options.ClipGradientNorm);
        _optimizer.step();
        return value;
    }

    public float[] Forward(SequenceBatch batch, bool carryState = false)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return ForwardOnDevice(batch, carryState).cpu().data<float>().ToArray();
    }

    public void ResetState()
    {
        DisposeState();
        _state = null;
    }

    public void ReadWeights(ParameterStore parameters) => _model.Read(parameters);

    public void ReadGradients(ParameterStore parameters) => _model.Read(parameters, gradients: true);

    public void Dispose()
    {
        DisposeState();
        _optimizer.Dispose();
        _model.Dispose();
    }

    /// <summary>Logits in the caller's dispose scope; the final state is kept, detached, outside it.</summary>
    private Tensor ForwardOnDevice(SequenceBatch batch, bool carryState)
    {
        var (logits, hidden, cell) = _model.Forward(TorchBatch.Create(batch, _model.Device), carryState ? _state : null);
        DisposeState();
        _state = (hidden.detach().MoveToOuterDisposeScope(), cell?.detach().MoveToOuterDisposeScope());
        return logits;
    }

    private void DisposeState()
    {
        _state?.Hidden.Dispose();
        _state?.Cell?.Dispose();
    }
}
