namespace MLNet.Rnn.Text;

/// <summary>
/// A plain, JSON-friendly description of a tokenizer, stored in the model file so prediction tokenizes
/// exactly as training did.
/// </summary>
/// <param name="Kind">One of <see cref="WordKind"/>, <see cref="CharacterKind"/> or <see cref="WhitespaceKind"/>.</param>
/// <param name="LowerCase">Whether text is lower-cased (invariant culture) before it is split.</param>
/// <param name="KeepPunctuation">For <see cref="WordKind"/> only: whether punctuation and symbols become tokens; ignored by the other kinds.</param>
internal sealed record TokenizerSpec(string Kind, bool LowerCase, bool KeepPunctuation = true)
{
    /// <summary>The <see cref="Kind"/> of <see cref="WordTokenizer"/>.</summary>
    public const string WordKind = "word";

    /// <summary>The <see cref="Kind"/> of <see cref="CharacterTokenizer"/>.</summary>
    public const string CharacterKind = "character";

    /// <summary>The <see cref="Kind"/> of <see cref="WhitespaceTokenizer"/>.</summary>
    public const string WhitespaceKind = "whitespace";

    /// <summary>Creates the tokenizer this spec describes.</summary>
    /// <exception cref="ArgumentException"><see cref="Kind"/> is not one of the known kinds (matched exactly, ordinal).</exception>
    public ITokenizer Create() => Kind switch
    {
        WordKind => new WordTokenizer(LowerCase, KeepPunctuation),
        CharacterKind => new CharacterTokenizer(LowerCase),
        WhitespaceKind => new WhitespaceTokenizer(LowerCase),
        // Kind can be null when the spec was deserialized from a file that lacks it.
        _ => throw new ArgumentException(
            $"Unknown tokenizer kind {(Kind is null ? "(null)" : $"'{Kind}'")}; known kinds are '{WordKind}', '{CharacterKind}' and '{WhitespaceKind}'.",
            nameof(Kind)),
    };
}
