using System.Text;

namespace MLNet.Rnn.Text;

/// <summary>
/// Makes every character a token, spaces and punctuation included, for character-level models such as
/// text generators.
/// </summary>
/// <remarks>
/// Tokens are Unicode scalar values (<see cref="Rune"/>s): a surrogate pair such as an emoji stays together
/// as one two-<see cref="char"/> token, and a lone surrogate is kept as-is as a one-char token rather than
/// replaced, so joining the tokens always gives back the (possibly lower-cased) text. A base letter and a
/// combining mark (e + U+0301) are two tokens: normalize the text (NFC) first if that matters.
/// Whitespace-only text gives no tokens, as with every <see cref="ITokenizer"/>, even though spaces inside
/// text are tokens.
/// </remarks>
internal sealed class CharacterTokenizer : ISpanTokenizer
{
    private readonly bool _lowerCase;

    /// <summary>Creates a character tokenizer.</summary>
    /// <param name="lowerCase">Lower-case text (invariant culture) first, which shrinks the vocabulary but loses case.</param>
    public CharacterTokenizer(bool lowerCase = false) => _lowerCase = lowerCase;

    /// <inheritdoc />
    public TokenizerSpec Spec => new(TokenizerSpec.CharacterKind, _lowerCase);

    /// <inheritdoc />
    public string[] Tokenize(string text) => SpanTokenization.Tokenize(this, text);

    bool ISpanTokenizer.LowerCase => _lowerCase;

    void ISpanTokenizer.Split(ReadOnlySpan<char> text, TokenRanges ranges)
    {
        if (text.IsWhiteSpace())
            return;
        for (int i = 0; i < text.Length;)
        {
            // An ill-formed surrogate decodes as invalid with charsConsumed = 1, so it becomes its own token.
            Rune.DecodeFromUtf16(text[i..], out _, out int charsConsumed);
            ranges.Add(i, charsConsumed);
            i += charsConsumed;
        }
    }
}
