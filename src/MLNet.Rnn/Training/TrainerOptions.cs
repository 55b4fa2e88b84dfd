namespace MLNet.Rnn.Training;

/// <summary>How a model is trained.</summary>
internal sealed record TrainerOptions
{
    /// <summary>The largest <see cref="BatchSize"/> (and truncated-BPTT length): far above any batch that fits a recurrent model's activations.</summary>
    public const int MaxBatchSize = 1 << 20;

    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Sequences per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary><c>adam</c>, <c>adamw</c> or <c>sgd</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>The base learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Weight decay (an L2 term for Adam and SGD, decoupled for AdamW).</summary>
    public float WeightDecay { get; init; }

    /// <summary>SGD momentum.</summary>
    public float Momentum { get; init; }

    /// <summary>Clip the global gradient norm to this value before each step; 0 turns clipping off.</summary>
    public double ClipGradientNorm { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>
    /// Whether batches group sequences of similar length (fuller packed steps, so somewhat faster when lengths vary
    /// widely), still drawn in a seeded random order each epoch. Off by default: batches are drawn at random, as in
    /// PyTorch's plain recipe, because grouping changes what a batch averages over and cost 1.6 points of token
    /// accuracy on UD English EWT over 30 seeds (docs/benchmarks.md).
    /// </summary>
    public bool BucketByLength { get; init; }

    /// <summary>Held out from the training data for validation when no validation set is given; 0 for none.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Stop after this many epochs without a better validation loss and restore the best weights; null never stops early.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Whether numeric inputs are standardised with per-feature mean and deviation learned from the training data.</summary>
    public bool NormalizeFeatures { get; init; } = true;

    /// <summary>
    /// Whether value targets (regression, forecasting) are standardised per output with mean and deviation learned from
    /// the training data (<see cref="Models.SequenceModel.TargetNormalizer"/>): the loss is then taken in standard
    /// units, and predictions are mapped back. Off, the head must learn the targets' scale itself, which is slow or
    /// fails when they are far from unit scale.
    /// </summary>
    public bool NormalizeTargets { get; init; } = true;

    /// <summary>Token inputs: the chance that each input token id of a training batch is replaced by <see cref="UnknownTokenId"/>; 0 for none.</summary>
    public float WordDropout { get; init; }

    /// <summary>Whether the token embedding keeps its values through training (pretrained vectors used as they are).</summary>
    public bool FreezeEmbedding { get; init; }

    /// <summary>The id that <see cref="WordDropout"/> puts in place of a token; needed when the rate is above 0.</summary>
    public int? UnknownTokenId { get; init; }

    /// <summary>Seeds shuffling and the validation split. With the model's own seed, the same data give the same model bit for bit.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Epochs <= 0) throw Invalid(nameof(Epochs), Epochs, "at least 1");
        if (BatchSize is <= 0 or > MaxBatchSize) throw Invalid(nameof(BatchSize), BatchSize, $"1 to {MaxBatchSize}");
        if (Optimizer is not ("adam" or "adamw" or "sgd")) throw Invalid(nameof(Optimizer), Optimizer, "adam, adamw or sgd");
        if (!(LearningRate > 0 && float.IsFinite(LearningRate))) throw Invalid(nameof(LearningRate), LearningRate, "a positive number");
        if (!(WeightDecay >= 0 && float.IsFinite(WeightDecay))) throw Invalid(nameof(WeightDecay), WeightDecay, "0 (none) or a positive number");
        if (!(Momentum >= 0 && float.IsFinite(Momentum))) throw Invalid(nameof(Momentum), Momentum, "0 (none) or a positive number");
        if (!(ClipGradientNorm >= 0)) throw Invalid(nameof(ClipGradientNorm), ClipGradientNorm, "0 (off) or a positive norm");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw Invalid(nameof(ValidationFraction), ValidationFraction, "in [0, 1)");
        if (!(WordDropout >= 0 && WordDropout < 1)) throw Invalid(nameof(WordDropout), WordDropout, "in [0, 1)");
        if (WordDropout > 0 && UnknownTokenId is not >= 0) throw Invalid(nameof(UnknownTokenId), UnknownTokenId, "the id of the unknown token, as WordDropout is above 0");
        if (EarlyStoppingPatience is <= 0) throw Invalid(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "at least 1, or null");
        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
    }

    private static ArgumentException Invalid(string name, object? value, string expected) => new($"{name} is {value}; expected {expected}.", name);
}
