using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Models;

/// <summary>The architecture of a <see cref="SequenceModel"/>.</summary>
public sealed record SequenceModelOptions
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

    /// <summary>Whether the input is token ids (through an embedding) rather than numeric features.</summary>
    public bool UsesTokens => VocabularySize is not null;

    /// <summary>Features the recurrent module reads per step.</summary>
    public int RecurrentInputSize => UsesTokens ? EmbeddingSize : FeatureCount;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (VocabularySize is { } v && v <= 0) throw Invalid(nameof(VocabularySize), v, "at least 1");
        if (UsesTokens && EmbeddingSize <= 0) throw Invalid(nameof(EmbeddingSize), EmbeddingSize, "at least 1");
        if (!UsesTokens && FeatureCount <= 0) throw Invalid(nameof(FeatureCount), FeatureCount, "at least 1");
        if (HiddenSize <= 0) throw Invalid(nameof(HiddenSize), HiddenSize, "at least 1");
        if (NumLayers <= 0) throw Invalid(nameof(NumLayers), NumLayers, "at least 1");
        if (Outputs <= 0) throw Invalid(nameof(Outputs), Outputs, "at least 1");
        if (!(Dropout >= 0 && Dropout < 1)) throw Invalid(nameof(Dropout), Dropout, "in [0, 1)");
        if (!(HeadDropout >= 0 && HeadDropout < 1)) throw Invalid(nameof(HeadDropout), HeadDropout, "in [0, 1)");
        if (PaddingIndex is { } p && (!UsesTokens || p < 0 || p >= VocabularySize)) throw Invalid(nameof(PaddingIndex), p, "a token id in [0, VocabularySize)");
    }

    private static ArgumentException Invalid(string name, object value, string expected) =>
        new($"{name} is {value}; expected {expected}.", name);
}
