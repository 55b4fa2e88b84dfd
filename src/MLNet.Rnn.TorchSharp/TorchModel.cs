using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Embedding = TorchSharp.Modules.Embedding;
using Linear = TorchSharp.Modules.Linear;
using Parameter = TorchSharp.Modules.Parameter;
using Tensor = TorchSharp.torch.Tensor;

namespace MLNet.Rnn.TorchSharp;

/// <summary>
/// A <see cref="SequenceModel"/> on libtorch: the same embedding or normalised features, <c>nn.LSTM</c>/<c>nn.GRU</c>/
/// <c>nn.RNN</c> over a packed batch, the same heads and the linear layer, with every parameter under the managed
/// model's name and shape (<c>embedding.weight</c>, <c>rnn.weight_ih_l0</c>, ..., <c>head.bias</c>, <c>crf.transitions</c>, ..., <c>char_cnn.weight</c>, ...).
/// </summary>
internal sealed class TorchModel : IDisposable
{
    private readonly SequenceModelOptions _options;
    private readonly Embedding? _embedding;
    private readonly TorchCharacterCnn? _characters;
    private readonly nn.Module _recurrent;
    private readonly Linear _head;
    private readonly Tensor? _means;
    private readonly Tensor? _deviations;
    private readonly Dictionary<string, Parameter> _parameters;

    /// <summary>Builds the twin of <paramref name="model"/> on <paramref name="device"/>, with its weights and normalizer.</summary>
    public TorchModel(SequenceModel model, Device device)
    {
        LibTorch.EnsureLoaded();
        var o = _options = model.Options;
        Device = device;
        if (o.VocabularySize is { } vocabulary)
            _embedding = nn.Embedding(vocabulary, o.EmbeddingSize, padding_idx: o.PaddingIndex, device: device);
        _recurrent = o.Mode switch
        {
            RecurrentMode.Lstm => nn.LSTM(o.RecurrentInputSize, o.HiddenSize, o.NumLayers, bias: true, batchFirst: false, dropout: o.Dropout, bidirectional: o.Bidirectional, device: device),
            RecurrentMode.Gru => nn.GRU(o.RecurrentInputSize, o.HiddenSize, o.NumLayers, bias: true, batchFirst: false, dropout: o.Dropout, bidirectional: o.Bidirectional, device: device),
            _ => nn.RNN(o.RecurrentInputSize, o.HiddenSize, o.NumLayers, o.Mode == RecurrentMode.RnnRelu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh,
                bias: true, batchFirst: false, dropout: o.Dropout, bidirectional: o.Bidirectional, device: device),
        };
        _head = nn.Linear(model.HeadInputSize, o.Outputs, hasBias: true, device: device);
        if (o.Crf)
            Crf = new TorchCrf(o.Outputs, device);
        if (o.UsesCharacters)
            _characters = new TorchCharacterCnn(o.CharacterVocabularySize, o.CharacterEmbeddingSize, o.CharacterFilters, device);
        _parameters = Named("embedding.", _embedding).Concat(Named("rnn.", _recurrent)).Concat(Named("head.", _head)).Concat(Crf?.Named("crf.") ?? [])
            .Concat(_characters?.Named() ?? []).ToDictionary(p => p.Name, p => p.Parameter);
        var expected = model.Parameters.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (!expected.SetEquals(_parameters.Keys))
            throw new InvalidOperationException($"libtorch names the parameters {string.Join(", ", _parameters.Keys)}; the model has {string.Join(", ", expected)}.");
        Load(model.Parameters);
        if (model.Normalizer is { } normalizer)
        {
            _means = tensor(normalizer.Means.ToArray(), device: device);
            _deviations = tensor(normalizer.Deviations.ToArray(), device: device);
        }
    }

    public Device Device { get; }

    /// <summary>The CRF over the head's outputs, or null: the loss then uses it.</summary>
    public TorchCrf? Crf { get; }

    /// <summary>The trainable parameters, for the optimizer and clipping.</summary>
    public IEnumerable<Parameter> Parameters => _parameters.Values;

    /// <summary>Whether dropout is active (between recurrent layers, and on the head's input).</summary>
    public bool Training { get; private set; }

    public void SetTraining(bool training)
    {
        Training = training;
        _recurrent.train(training);
    }

    /// <summary>Keeps the token embedding out of training: it gets no gradient, so the optimizers pass it by.</summary>
    public void FreezeEmbedding() => _embedding?.weight?.requires_grad_(false);

    /// <summary>Copies every parameter from <paramref name="store"/> (same names and shapes).</summary>
    public void Load(ParameterStore store)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in _parameters)
        {
            var source = store[name];
            using var values = tensor(source.Value.ToArray(), parameter.shape, device: Device);
            parameter.copy_(values);
        }
    }

    /// <summary>Copies every parameter (or its gradient) into <paramref name="store"/>.</summary>
    public void Read(ParameterStore store, bool gradients = false)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in _parameters)
        {
            var target = gradients ? store[name].Gradient : store[name].Value;
            var source = gradients ? parameter.grad : parameter;
            if (source is null)
            {
                target.Clear();
                continue;
            }
            source.detach().cpu().data<float>().ToArray().CopyTo(target);
        }
    }

    /// <summary>
    /// The head's logits: rows in batch order for pooled heads, in packed order for per-step heads; and the final
    /// recurrent state in batch order. <paramref name="initial"/> (in batch order) starts the recurrence, or zeros.
    /// </summary>
    public (Tensor Logits, Tensor Hidden, Tensor? Cell) Forward(TorchBatch batch, (Tensor Hidden, Tensor? Cell)? initial)
    {
        var input = _embedding is not null ? WithSpellings(_embedding.call(batch.Input), batch) : Normalized(batch.Input);
        // Not enforce_sorted, although the input is sorted: TorchSharp's packed sequences then hold undefined index tensors
        // its live-tensor accounting never releases. Outputs are put in the managed order below either way. Packed
        // sequences hold tensors a dispose scope does not reach, so they are disposed here.
        using var packed = nn.utils.rnn.pack_padded_sequence(input, batch.Lengths, batch_first: false, enforce_sorted: false);
        var h0 = initial?.Hidden.index_select(1, batch.SortedIndices);
        var c0 = initial?.Cell?.index_select(1, batch.SortedIndices);
        nn.utils.rnn.PackedSequence output;
        Tensor hidden;
        Tensor? cell = null;
        switch (_recurrent)
        {
            case LSTM lstm:
                (output, hidden, cell) = lstm.call(packed, h0 is null ? null : (h0, c0!));
                break;
            case GRU gru:
                (output, hidden) = gru.call(packed, h0);
                break;
            default:
                (output, hidden) = ((RNN)_recurrent).call(packed, h0);
                break;
        }
        using var packedOutput = output;
        hidden = hidden.index_select(1, batch.UnsortedIndices);
        cell = cell?.index_select(1, batch.UnsortedIndices);
        var features = _options.Head switch
        {
            HeadKind.LastHidden => LastHidden(hidden),
            HeadKind.PerStep => PerStep(output, batch),
            _ => Pooled(output, batch),
        };
        if (Training && _options.HeadDropout > 0)
            features = nn.functional.dropout(features, _options.HeadDropout, training: true);
        return (_head.call(features), hidden, cell);
    }

    public void Dispose()
    {
        _embedding?.Dispose();
        _recurrent.Dispose();
        _head.Dispose();
        Crf?.Dispose();
        _characters?.Dispose();
        _means?.Dispose();
        _deviations?.Dispose();
    }

    /// <summary>Each step's embedding followed by its word's character features, when the model reads them.</summary>
    private Tensor WithSpellings(Tensor embedded, TorchBatch batch)
    {
        if (_characters is null)
            return embedded;
        var spellings = _characters.Forward(batch.Characters!, batch.CharacterLengths!);
        var padded = zeros([embedded.shape[0] * embedded.shape[1], spellings.shape[1]], device: Device).index_copy(0, batch.PackedRows, spellings);
        return cat([embedded, padded.view(embedded.shape[0], embedded.shape[1], -1)], 2);
    }

    private Tensor Normalized(Tensor features) => _means is null ? features : (features - _means) / _deviations!;

    /// <summary>The top layer's final state of each direction, side by side: (B, directions x H).</summary>
    private Tensor LastHidden(Tensor hidden)
    {
        long layers = hidden.shape[0];
        return _options.Bidirectional ? cat([hidden[layers - 2], hidden[layers - 1]], 1) : hidden[layers - 1];
    }

    /// <summary>Every valid step's output, in the batch's packed order.</summary>
    private static Tensor PerStep(nn.utils.rnn.PackedSequence output, TorchBatch batch)
    {
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(output, batch_first: false);
        return padded.reshape(-1, padded.shape[2]).index_select(0, batch.PackedRows);
    }

    /// <summary>The mean or the max over each sequence's own steps, in batch order.</summary>
    private Tensor Pooled(nn.utils.rnn.PackedSequence output, TorchBatch batch)
    {
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(output, batch_first: false);
        var steps = arange(padded.shape[0], device: Device).unsqueeze(1);
        var valid = (steps < batch.LengthsOnDevice.unsqueeze(0)).unsqueeze(2);
        var pooled = _options.Head == HeadKind.Mean
            ? (padded * valid).sum(0L) / batch.LengthsOnDevice.unsqueeze(1).to(padded.dtype)
            : padded.masked_fill(valid.logical_not(), double.NegativeInfinity).max(0L).values;
        return pooled.index_select(0, batch.UnsortedIndices);
    }

    private static IEnumerable<(string Name, Parameter Parameter)> Named(string prefix, nn.Module? module) =>
        module is null ? [] : module.named_parameters().Select(p => (prefix + p.name, p.parameter));
}
