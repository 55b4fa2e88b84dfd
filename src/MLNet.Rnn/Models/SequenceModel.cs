using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Nn.Recurrent;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Models;

/// <summary>
/// Embedding (token ids) or numeric features per step -> recurrent module -> dropout -> linear head, with
/// every parameter in one <see cref="ParameterStore"/> under PyTorch's names: <c>embedding.weight</c>,
/// <c>rnn.weight_ih_l0</c> ..., <c>head.weight</c>, <c>head.bias</c>, and for a tagger with a CRF <c>crf.transitions</c> ....
/// </summary>
/// <remarks>
/// <see cref="Forward"/> keeps what <see cref="Backward"/> needs; backward accumulates into
/// <c>Parameters.Gradients</c>. One model serves one thread at a time.
/// </remarks>
internal sealed class SequenceModel
{
    private readonly Rng _headDropoutRng;
    private SequenceBatch? _batch;
    private float[] _headInput = [], _logits = [], _input = [], _gradHeadInput = [], _gradOutput = [];
    private float[] _words = [], _spellings = [], _gradWords = [], _gradSpellings = [];
    private float[] _headDropoutMask = [];
    private int[] _argmaxRows = [];
    private bool _headReadsOutput;
    private int _rows;
    private bool _training = true;
    private Standardizer? _normalizer;
    private Standardizer? _targetNormalizer;

    /// <summary>Builds the model with PyTorch's initialisation, every part seeded from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public SequenceModel(SequenceModelOptions options, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        // The size is known from the options, so each buffer is allocated once.
        Parameters = new ParameterStore((int)options.ParameterCount);
        var seeds = new Rng(seed);
        // Registration order is PyTorch's named_parameters() order: embedding, rnn, head.
        if (options.VocabularySize is { } vocabulary)
            Embedding = new Embedding(vocabulary, options.EmbeddingSize, options.PaddingIndex, seeds.NextUInt64(), Parameters, "embedding.");
        Recurrent = CreateRecurrent(options, seeds.NextUInt64(), Parameters);
        Head = new Linear(HeadInputSize, options.Outputs, bias: true, seeds.NextUInt64(), Parameters, "head.");
        _headDropoutRng = new Rng(seeds.NextUInt64());
        // Last, so a model without one draws and registers exactly what it did before CRFs existed.
        if (options.Crf)
            Crf = new Crf(options.Outputs, seeds.NextUInt64(), Parameters, "crf.");
        if (options.UsesCharacters)
            Characters = new CharacterCnn(options.CharacterVocabularySize, options.CharacterEmbeddingSize, options.CharacterFilters, seeds.NextUInt64(), Parameters);
        if (Parameters.Count != Parameters.Values.Length)
            throw new InvalidOperationException($"The model registered {Parameters.Count} parameters where its options give {Parameters.Values.Length}.");
    }

    /// <summary>The architecture.</summary>
    public SequenceModelOptions Options { get; }

    /// <summary>Every parameter and gradient, in one flat buffer each.</summary>
    public ParameterStore Parameters { get; }

    /// <summary>The token embedding, or null for numeric input.</summary>
    public Embedding? Embedding { get; }

    /// <summary>The recurrent module.</summary>
    public RecurrentModule Recurrent { get; }

    /// <summary>The linear head.</summary>
    public Linear Head { get; }

    /// <summary>The CRF over the per-step head's outputs, or null: the loss and the decoding of tags then use it.</summary>
    public Crf? Crf { get; }

    /// <summary>The character CNN whose features each token's embedding is read beside, or null.</summary>
    public CharacterCnn? Characters { get; }

    /// <summary>Whether dropout is active (training) or not (evaluation and inference).</summary>
    public bool Training
    {
        get => _training;
        set
        {
            _training = value;
            Recurrent.Training = value;
        }
    }

    /// <summary>
    /// Standardisation of numeric inputs, applied inside <see cref="Forward"/>; null feeds features as given.
    /// Training learns it from the training data when the model has none.
    /// </summary>
    public Standardizer? Normalizer
    {
        get => _normalizer;
        set
        {
            if (value is not null && (Options.UsesTokens || value.FeatureCount != Options.FeatureCount))
                throw new ArgumentException($"The normalizer is for {value.FeatureCount} numeric features; this model reads {(Options.UsesTokens ? "token ids" : $"{Options.FeatureCount} features")}.", nameof(value));
            _normalizer = value;
        }
    }

    /// <summary>
    /// Standardisation of value targets (regression, forecasting): the head learns (target - mean) / deviation, so its
    /// scale suits the network whatever the targets' units, and <see cref="ToTargetUnits"/> maps its outputs back.
    /// Null when the head predicts values as they are, or predicts classes. Training learns it from the training
    /// targets when the model has none and <c>TrainerOptions.NormalizeTargets</c> is on.
    /// </summary>
    public Standardizer? TargetNormalizer
    {
        get => _targetNormalizer;
        set
        {
            if (value is not null && value.FeatureCount != Options.Outputs)
                throw new ArgumentException($"The target normalizer is for {value.FeatureCount} values; this model has {Options.Outputs} outputs.", nameof(value));
            _targetNormalizer = value;
        }
    }

    /// <summary>Maps value outputs of <see cref="Forward"/> (rows of <c>Outputs</c>) to the targets' units, in place.</summary>
    public void ToTargetUnits(Span<float> outputs) => _targetNormalizer?.Invert(outputs);

    /// <summary>Features the head reads: hidden size times directions.</summary>
    public int HeadInputSize => Options.HeadInputSize;

    /// <summary>
    /// Runs the batch and returns the head's logits (for value targets, standardised when there is a
    /// <see cref="TargetNormalizer"/>: see <see cref="ToTargetUnits"/>) and the final recurrent state.
    /// </summary>
    /// <param name="batch">Packed inputs of the kind the model takes (token ids or features).</param>
    /// <param name="initialState">The state to start from (stateful language models), or null for zeros.</param>
    /// <exception cref="ArgumentException">The batch's input kind or width does not match the model.</exception>
    public SequenceOutput Forward(SequenceBatch batch, RecurrentState? initialState = null)
    {
        var logits = ForwardInPlace(batch, initialState).ToArray();
        return new SequenceOutput(logits, _rows, FinalState());
    }

    /// <summary>
    /// The logits of <paramref name="batch"/> in the model's own buffer, valid until the next pass: serving batches no
    /// larger than an earlier one allocates nothing.
    /// </summary>
    internal ReadOnlySpan<float> Infer(SequenceBatch batch) => ForwardInPlace(batch, null);

    /// <summary>As <see cref="Forward"/>, with the logits left in the model's own buffer (<see cref="FinalState"/> gives the state).</summary>
    internal ReadOnlySpan<float> ForwardInPlace(SequenceBatch batch, RecurrentState? initialState)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Embedding is not null && Characters is null && batch.TokenIds is not null && Recurrent.LooksUpTokens(Embedding.NumEmbeddings))
        {
            // A serving copy of a small-vocabulary model: the recurrent module looks each token's projection up.
            Embedding.CheckIds(batch.TokenIds);
            Recurrent.RunInPlace(batch.Layout, new TokenInput(batch.TokenIds, Embedding.Weight), initialState?.Hidden, initialState?.Cell);
        }
        else
        {
            Recurrent.RunInPlace(batch.Layout, EmbedOrCheck(batch), initialState?.Hidden, initialState?.Cell);
        }
        var layout = batch.Layout;
        _rows = Options.Head == HeadKind.PerStep ? layout.TotalRows : layout.BatchSize;
        // A per-step head reads the recurrent output in place unless dropout is to change it first.
        _headReadsOutput = Options.Head == HeadKind.PerStep && !HeadDropoutActive;
        var headInput = _headReadsOutput ? HeadInput : PoolHeadInput(layout);

        Buffers.Grow(ref _logits, _rows * Options.Outputs);
        var logits = _logits.AsSpan(0, _rows * Options.Outputs);
        Head.Forward(headInput, _rows, logits);
        _batch = batch;
        return logits;
    }

    /// <summary>The latest pass's head input: the recurrent output itself, or the rows <see cref="PoolHeadInput"/> wrote.</summary>
    private ReadOnlySpan<float> HeadInput => _headReadsOutput ? Recurrent.LastOutput[..(_rows * HeadInputSize)] : _headInput.AsSpan(0, _rows * HeadInputSize);

    private bool HeadDropoutActive => Training && Options.HeadDropout > 0;

    /// <summary>The head's input rows in the model's own buffer: pooled or copied from the recurrent pass, then dropped out.</summary>
    private Span<float> PoolHeadInput(PackedSequence layout)
    {
        int width = HeadInputSize;
        Buffers.Grow(ref _headInput, _rows * width);
        var headInput = _headInput.AsSpan(0, _rows * width);
        switch (Options.Head)
        {
            case HeadKind.LastHidden:
                HeadPooling.LastHidden(Recurrent.FinalHidden, layout.BatchSize, Options.NumLayers, Recurrent.Directions, Options.HiddenSize, headInput);
                break;
            case HeadKind.Mean:
                HeadPooling.Mean(layout, Recurrent.LastOutput, width, headInput);
                break;
            case HeadKind.Max:
                Buffers.Grow(ref _argmaxRows, headInput.Length);
                HeadPooling.Max(layout, Recurrent.LastOutput, width, headInput, _argmaxRows);
                break;
            default:
                Recurrent.LastOutput[..headInput.Length].CopyTo(headInput);
                break;
        }
        ApplyHeadDropout(headInput);
        return headInput;
    }

    /// <summary>A copy of the latest pass's final recurrent state, to carry into the next batch (stateful language models).</summary>
    internal RecurrentState FinalState()
    {
        var (hidden, cell) = Recurrent.CopyFinalState();
        return new RecurrentState(hidden, cell);
    }

    /// <summary>
    /// Backward from dL/dlogits (same layout as the latest <see cref="Forward"/>'s logits): accumulates every
    /// parameter's gradient.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass to go back through.</exception>
    /// <exception cref="ArgumentException">The gradient's length does not match the logits.</exception>
    public void Backward(ReadOnlySpan<float> gradLogits)
    {
        var batch = _batch ?? throw new InvalidOperationException("Backward needs a Forward first.");
        if (gradLogits.Length != _rows * Options.Outputs)
            throw new ArgumentException($"Expected {_rows} x {Options.Outputs} logit gradients, got {gradLogits.Length} values.", nameof(gradLogits));
        int width = HeadInputSize;
        Buffers.Grow(ref _gradHeadInput, _rows * width);
        var gradHeadInput = _gradHeadInput.AsSpan(0, _rows * width);
        Head.Backward(HeadInput, gradLogits, _rows, gradHeadInput);
        if (_headDropoutMask.Length > 0 && HeadDropoutActive)
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradHeadInput, _headDropoutMask.AsSpan(0, gradHeadInput.Length), gradHeadInput);

        var layout = batch.Layout;
        if (Options.Head == HeadKind.LastHidden)
        {
            var gradHn = HeadPooling.LastHiddenBackward(gradHeadInput, layout.BatchSize, Options.NumLayers, Recurrent.Directions, Options.HiddenSize);
            Recurrent.BackwardInPlace(null, gradHn, null);
        }
        else
        {
            Buffers.Grow(ref _gradOutput, layout.TotalRows * width);
            var gradOutput = _gradOutput.AsSpan(0, layout.TotalRows * width);
            if (Options.Head == HeadKind.Mean)
                HeadPooling.MeanBackward(layout, gradHeadInput, width, gradOutput);
            else if (Options.Head == HeadKind.Max)
                HeadPooling.MaxBackward(gradHeadInput, _argmaxRows.AsSpan(0, gradHeadInput.Length), width, gradOutput);
            else
                gradHeadInput.CopyTo(gradOutput);
            Recurrent.BackwardInPlace(_gradOutput, null, null);
        }
        if (Embedding is null)
            return;
        if (Characters is null)
        {
            Embedding.Backward(batch.TokenIds!, Recurrent.InputGradient);
            return;
        }
        int rows = layout.TotalRows, embedding = Options.EmbeddingSize, filters = Options.CharacterFilters;
        Buffers.Grow(ref _gradWords, rows * embedding);
        Buffers.Grow(ref _gradSpellings, rows * filters);
        Deinterleave(Recurrent.InputGradient, rows, _gradWords.AsSpan(0, rows * embedding), _gradSpellings.AsSpan(0, rows * filters));
        Embedding.Backward(batch.TokenIds!, _gradWords.AsSpan(0, rows * embedding));
        Characters.Backward(_gradSpellings.AsSpan(0, rows * filters));
    }

    /// <summary>The recurrent module's input rows: the embedded tokens or the (standardised) features, in the model's own buffer.</summary>
    private float[] EmbedOrCheck(SequenceBatch batch)
    {
        int rows = batch.Layout.TotalRows;
        if (Embedding is not null)
        {
            if (batch.TokenIds is null)
                throw new ArgumentException("This model reads token ids, but the batch holds numeric features.", nameof(batch));
            if (Characters is null)
            {
                Buffers.Grow(ref _input, rows * Options.EmbeddingSize);
                Embedding.Forward(batch.TokenIds, _input.AsSpan(0, rows * Options.EmbeddingSize));
                return _input;
            }
            return EmbedWithSpellings(batch, rows);
        }
        if (batch.Features is null)
            throw new ArgumentException("This model reads numeric features, but the batch holds token ids.", nameof(batch));
        if (batch.Features.FeatureSize != Options.FeatureCount)
            throw new ArgumentException($"This model reads {Options.FeatureCount} features per step, but the batch has {batch.Features.FeatureSize}.", nameof(batch));
        if (_normalizer is null)
            return batch.Features.Data;
        Buffers.Grow(ref _input, rows * Options.FeatureCount);
        _normalizer.Apply(batch.Features.Data, _input.AsSpan(0, rows * Options.FeatureCount));
        return _input;
    }

    /// <summary>Each token's embedding followed by its spelling's features, one row per packed token.</summary>
    private float[] EmbedWithSpellings(SequenceBatch batch, int rows)
    {
        var characters = batch.Characters ?? throw new ArgumentException("This model reads the characters of each token, but the batch has none.", nameof(batch));
        int embedding = Options.EmbeddingSize, filters = Options.CharacterFilters, width = embedding + filters;
        Buffers.Grow(ref _words, rows * embedding);
        Buffers.Grow(ref _spellings, rows * filters);
        Buffers.Grow(ref _input, rows * width);
        var words = _words.AsSpan(0, rows * embedding);
        var spellings = _spellings.AsSpan(0, rows * filters);
        Embedding!.Forward(batch.TokenIds!, words);
        Characters!.Forward(characters, spellings);
        for (int r = 0; r < rows; r++)
        {
            words.Slice(r * embedding, embedding).CopyTo(_input.AsSpan(r * width, embedding));
            spellings.Slice(r * filters, filters).CopyTo(_input.AsSpan(r * width + embedding, filters));
        }
        return _input;
    }

    /// <summary>Splits rows of (embedding, spelling) gradients into the two parts' own rows.</summary>
    private void Deinterleave(ReadOnlySpan<float> gradInput, int rows, Span<float> gradWords, Span<float> gradSpellings)
    {
        int embedding = Options.EmbeddingSize, filters = Options.CharacterFilters, width = embedding + filters;
        for (int r = 0; r < rows; r++)
        {
            gradInput.Slice(r * width, embedding).CopyTo(gradWords.Slice(r * embedding, embedding));
            gradInput.Slice(r * width + embedding, filters).CopyTo(gradSpellings.Slice(r * filters, filters));
        }
    }

    private void ApplyHeadDropout(Span<float> headInput)
    {
        if (!HeadDropoutActive)
            return;
        Buffers.Grow(ref _headDropoutMask, headInput.Length);
        float scale = 1f / (1f - Options.HeadDropout);
        for (int i = 0; i < headInput.Length; i++)
        {
            float keep = _headDropoutRng.NextSingle() < Options.HeadDropout ? 0f : scale;
            _headDropoutMask[i] = keep;
            headInput[i] *= keep;
        }
    }

    private static RecurrentModule CreateRecurrent(SequenceModelOptions o, ulong seed, ParameterStore store) => o.Mode switch
    {
        RecurrentMode.Lstm => new Lstm(o.RecurrentInputSize, o.HiddenSize, o.NumLayers, true, false, o.Bidirectional, o.Dropout, seed, store, "rnn."),
        RecurrentMode.Gru => new Gru(o.RecurrentInputSize, o.HiddenSize, o.NumLayers, true, false, o.Bidirectional, o.Dropout, seed, store, "rnn."),
        RecurrentMode.RnnRelu => new Nn.Rnn(o.RecurrentInputSize, o.HiddenSize, o.NumLayers, "relu", true, false, o.Bidirectional, o.Dropout, seed, store, "rnn."),
        _ => new Nn.Rnn(o.RecurrentInputSize, o.HiddenSize, o.NumLayers, "tanh", true, false, o.Bidirectional, o.Dropout, seed, store, "rnn."),
    };
}
