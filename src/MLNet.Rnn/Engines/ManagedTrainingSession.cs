using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;
using MLNet.Rnn.Training.Optimizers;

namespace MLNet.Rnn.Engines;

/// <summary>Training steps on the managed engine: the model's own forward and backward, this library's optimizers and clipping.</summary>
internal sealed class ManagedTrainingSession(SequenceModel model, TrainerOptions options) : ITrainingSession
{
    private readonly Optimizer _optimizer = Optimizer.Create(options.Optimizer, model.Parameters, options.LearningRate, options.WeightDecay, options.Momentum);
    // A frozen embedding's values, put back after every step: weight decay would otherwise still shrink them.
    private readonly float[]? _frozenEmbedding = options.FreezeEmbedding ? model.Embedding?.Weight.Value.ToArray() : null;
    private RecurrentState? _state;
    private float[] _gradLogits = [];

    public bool Training
    {
        get => model.Training;
        set => model.Training = value;
    }

    public float LearningRate
    {
        get => _optimizer.LearningRate;
        set => _optimizer.LearningRate = value;
    }

    public double TrainStep(SequenceBatch batch, BatchTargetValues targets, bool carryState = false)
    {
        model.Parameters.ZeroGradients();
        var logits = model.ForwardInPlace(batch, carryState ? _state : null);
        // The carried state is a fresh tensor per batch: gradients never flow into the previous batch.
        _state = carryState ? model.FinalState() : null;
        Buffers.Grow(ref _gradLogits, logits.Length);
        var gradLogits = _gradLogits.AsSpan(0, logits.Length);
        // A CRF adds its transitions' gradients to the store as it computes the loss; the head's come from gradLogits.
        double loss = !targets.AreClasses ? Losses.MeanSquaredError(logits, targets.Values!, gradLogits)
            : model.Crf is { } crf ? crf.NegativeLogLikelihood(logits, batch.Layout, targets.Classes!, gradLogits)
            : Losses.CrossEntropy(logits, model.Options.Outputs, targets.Classes!, gradLogits);
        if (!double.IsFinite(loss))
            return loss;
        model.Backward(gradLogits);
        // A frozen embedding has no gradient, as in libtorch, so it takes no part in clipping's norm either.
        if (_frozenEmbedding is not null)
            model.Embedding!.Weight.Gradient.Clear();
        if (options.ClipGradientNorm > 0)
            GradientClipping.ClipGlobalNorm(model.Parameters.Gradients, options.ClipGradientNorm);
        _optimizer.Step();
        _frozenEmbedding?.CopyTo(model.Embedding!.Weight.Value);
        return loss;
    }

    public float[] Forward(SequenceBatch batch, bool carryState = false)
    {
        var output = model.Forward(batch, carryState ? _state : null);
        _state = output.FinalState;
        return output.Logits;
    }

    public void ResetState() => _state = null;

    public void ReadWeights(ParameterStore parameters)
    {
        if (parameters != model.Parameters)
            model.Parameters.Values.CopyTo(parameters.Values, 0);
    }

    public void ReadGradients(ParameterStore parameters)
    {
        if (parameters != model.Parameters)
            model.Parameters.Gradients.CopyTo(parameters.Gradients, 0);
    }

    public void Dispose()
    {
    }
}
