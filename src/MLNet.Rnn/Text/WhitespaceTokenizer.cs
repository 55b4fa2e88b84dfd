namespace MLNet.Rnn.Text;

/// <summary>
/// Splits on whitespace only, for text that is already tokenized (one token per space-separated word, as in
/// CoNLL-style tagging data): punctuation stays attached to whatever it was written with.
/// </summary>
internal sealed class WhitespaceTokenizer : ISpanTokenizer
{
    private readonly bool _lowerCase;

    /// <summary>Creates a whitespace tokenizer.</summary>
    /// <param name="lowerCase">Lower-case text (invariant culture) before splitting.</param>
    public WhitespaceTokenizer(bool lowerCase = false) => _lowerCase = lowerCase;

    /// <inheritdoc />
    public TokenizerSpec Spec => new(TokenizerSpec.WhitespaceKind, _lowerCase);

    /// <inheritdoc />
    public string[] Tokenize(string text) => SpanTokenization.Tokenize(this, text);

    bool ISpanTokenizer.LowerCase => _lowerCase;

    // Runs of char.IsWhiteSpace characters separate tokens and give no empty ones, as string.Split with no separators.
    void ISpanTokenizer.Split(ReadOnlySpan<char> text, TokenRanges ranges)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool space = i == text.Length || char.IsWhiteSpace(text[i]);
            if (space && start >= 0)
            {
                ranges.Add(start, i - start);
                start = -1;
            }
            else if (!space && start < 0)
            {
                start = i;
            }
        }
    }
}
