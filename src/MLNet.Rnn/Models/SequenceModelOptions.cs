using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Models;

/// <summary>The architecture of a <see cref="SequenceModel"/>.</summary>
internal sealed record SequenceModelOptions
{
    /// <summary>The recurrent cell.</summary>
    public RecurrentMode Mode { get; init; } = RecurrentMode.Lstm;

    /// <summary>For token input: the number of token ids (vocabulary size). Null for numeric input.</summary>
    public int? VocabularySize { get; init; }

    /// <summary>For token input: the embedding width. Ignored for numeric input.</summary>
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>For token input: an id whose embedding stays zero and untrained (padding), or null.</summary>
    public int? PaddingIndex { get; init; }

    /// <summary>For numeric input: features per step. Ignored for token input.</summary>
    public int FeatureCount { get; init; } = 1;

    /// <summary>Hidden features per direction.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Stacked recurrent layers.</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Whether the recurrent layers also run backwards in time.</summary>
    public bool Bidirectional { get; init; }

    /// <summary>Dropout between recurrent layers (training only).</summary>
    public float Dropout { get; init; }

    /// <summary>Dropout on the head's input (training only).</summary>
    public float HeadDropout { get; init; }

    /// <summary>What the head reads.</summary>
    public HeadKind Head { get; init; } = HeadKind.LastHidden;

    /// <summary>Outputs of the head: classes, regression targets, tags or vocabulary size.</summary>
    public int Outputs { get; init; } = 2;

    /// <summary>
    /// Whether a CRF layer scores tag sequences over the per-step head's outputs (tagging): its parameters come after
    /// every other, so the others keep their order whether or not a model has one.
    /// </summary>
    public bool Crf { get; init; }

    /// <summary>
    /// For token input: features of each word's spelling from a character CNN (<see cref="Nn.CharacterCnn"/>), read
    /// beside its embedding; 0 for none. Its parameters come after every other, as the CRF's do.
    /// </summary>
    public int CharacterFilters { get; init; }

    /// <summary>With <see cref="CharacterFilters"/>: the number of character ids.</summary>
    public int CharacterVocabularySize { get; init; }

    /// <summary>With <see cref="CharacterFilters"/>: the character embedding's width.</summary>
    public int CharacterEmbeddingSize { get; init; } = 25;

    /// <summary>Whether the input is token ids (through an embedding) rather than numeric features.</summary>
    public bool UsesTokens => VocabularySize is not null;

    /// <summary>Whether each token also brings its characters (see <see cref="CharacterFilters"/>).</summary>
    public bool UsesCharacters => CharacterFilters > 0;

    /// <summary>Features the recurrent module reads per step: the word's embedding and spelling features, or the numeric features.</summary>
    public int RecurrentInputSize => UsesTokens ? EmbeddingSize + CharacterFilters : FeatureCount;

    /// <summary>Features the head reads: hidden size times directions.</summary>
    public int HeadInputSize => HiddenSize * (Bidirectional ? 2 : 1);

    /// <summary>
    /// Every parameter a model of these options has, in registration order (PyTorch's <c>named_parameters()</c>):
    /// <c>embedding.weight</c> for token input, the recurrent module's under <c>rnn.</c>, <c>head.weight</c>, <c>head.bias</c>,
    /// with <see cref="Crf"/> the CRF's under <c>crf.</c>, and with <see cref="CharacterFilters"/> the character CNN's.
    /// </summary>
    public IEnumerable<(string Name, int[] Shape)> ParameterShapes()
    {
        if (VocabularySize is { } vocabulary)
            yield return ("embedding.weight", [vocabulary, EmbeddingSize]);
        foreach (var parameter in Nn.RecurrentModule.ParameterShapes(Mode, RecurrentInputSize, HiddenSize, NumLayers, bias: true, Bidirectional, "rnn."))
            yield return parameter;
        yield return ("head.weight", [Outputs, HeadInputSize]);
        yield return ("head.bias", [Outputs]);
        if (Crf)
        {
            foreach (var parameter in Models.Crf.ParameterShapes(Outputs, "crf."))
                yield return parameter;
        }
        if (UsesCharacters)
        {
            foreach (var parameter in Nn.CharacterCnn.ParameterShapes(CharacterVocabularySize, CharacterEmbeddingSize, CharacterFilters))
                yield return parameter;
        }
    }

    /// <summary>Scalar parameters in all.</summary>
    public long ParameterCount => ParameterShapes().Sum(p => p.Shape.Aggregate(1L, (n, d) => n * d));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option, including sizes beyond <see cref="ModelLimits"/>.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode)) throw Invalid(nameof(Mode), Mode, "a defined RecurrentMode");
        if (!Enum.IsDefined(Head)) throw Invalid(nameof(Head), Head, "a defined HeadKind");
        if (VocabularySize is { } v && v is <= 0 or > ModelLimits.MaxVocabulary) throw Invalid(nameof(VocabularySize), v, $"in [1, {ModelLimits.MaxVocabulary}]");
        if (UsesTokens && EmbeddingSize is <= 0 or > ModelLimits.MaxWidth) throw Invalid(nameof(EmbeddingSize), EmbeddingSize, $"in [1, {ModelLimits.MaxWidth}]");
        if (!UsesTokens && FeatureCount is <= 0 or > ModelLimits.MaxWidth) throw Invalid(nameof(FeatureCount), FeatureCount, $"in [1, {ModelLimits.MaxWidth}]");
        if (HiddenSize is <= 0 or > ModelLimits.MaxHiddenSize) throw Invalid(nameof(HiddenSize), HiddenSize, $"in [1, {ModelLimits.MaxHiddenSize}]");
        if (NumLayers is <= 0 or > ModelLimits.MaxLayers) throw Invalid(nameof(NumLayers), NumLayers, $"in [1, {ModelLimits.MaxLayers}]");
        if (Outputs is <= 0 or > ModelLimits.MaxVocabulary) throw Invalid(nameof(Outputs), Outputs, $"in [1, {ModelLimits.MaxVocabulary}]");
        if (!(Dropout >= 0 && Dropout < 1)) throw Invalid(nameof(Dropout), Dropout, "in [0, 1)");
        if (!(HeadDropout >= 0 && HeadDropout < 1)) throw Invalid(nameof(HeadDropout), HeadDropout, "in [0, 1)");
        if (Crf && Head != HeadKind.PerStep) throw Invalid(nameof(Crf), Crf, "false: a CRF scores tag sequences, so it needs the per-step head");
        if (CharacterFilters is < 0 or > ModelLimits.MaxWidth) throw Invalid(nameof(CharacterFilters), CharacterFilters, $"in [0, {ModelLimits.MaxWidth}]");
        if (UsesCharacters && !UsesTokens) throw Invalid(nameof(CharacterFilters), CharacterFilters, "0: numeric input has no characters");
        if (UsesCharacters && CharacterVocabularySize is <= 0 or > ModelLimits.MaxVocabulary) throw Invalid(nameof(CharacterVocabularySize), CharacterVocabularySize, $"in [1, {ModelLimits.MaxVocabulary}]");
        if (UsesCharacters && CharacterEmbeddingSize is <= 0 or > ModelLimits.MaxWidth) throw Invalid(nameof(CharacterEmbeddingSize), CharacterEmbeddingSize, $"in [1, {ModelLimits.MaxWidth}]");
        if (PaddingIndex is { } p && (!UsesTokens || p < 0 || p >= VocabularySize)) throw Invalid(nameof(PaddingIndex), p, "a token id in [0, VocabularySize)");
        if (ParameterCount > ModelLimits.MaxParameters) throw new ArgumentException($"These options make {ParameterCount} parameters; at most {ModelLimits.MaxParameters} are supported.", nameof(HiddenSize));
    }

    private static ArgumentException Invalid(string name, object value, string expected) =>
        new($"{name} is {value}; expected {expected}.", name);
}
