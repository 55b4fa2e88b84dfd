namespace MLNet.Rnn.Text;

/// <summary>
/// Splits on whitespace only, for text that is already tokenized (one token per space-separated word, as in
/// CoNLL-style tagging data): punctuation stays attached to whatever it was written with.
/// </summary>
public sealed class WhitespaceTokenizer : ITokenizer
{
    private readonly bool _lowerCase;

    /// <summary>Creates a whitespace tokenizer.</summary>
    /// <param name="lowerCase">Lower-case text (invariant culture) before splitting.</param>
    public WhitespaceTokenizer(bool lowerCase = false) => _lowerCase = lowerCase;

    /// <inheritdoc />
    public TokenizerSpec Spec => new(TokenizerSpec.WhitespaceKind, _lowerCase);

    /// <inheritdoc />
    public string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_lowerCase) text = text.ToLowerInvariant();
        // A null separator array means every char.IsWhiteSpace character; runs of them give no empty tokens.
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }
}
