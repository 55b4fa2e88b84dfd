using System.Text.RegularExpressions;

namespace MLNet.Rnn.Text;

/// <summary>
/// Splits text into words (runs of word characters: letters, combining marks, decimal digits, connector
/// punctuation such as '_') and, optionally, single punctuation or symbol characters; whitespace separates
/// tokens and is dropped. "Don't stop!" gives "don", "'", "t", "stop", "!".
/// </summary>
/// <remarks>
/// The pattern is <c>\w+|[^\w\s]</c>, extended so that a surrogate pair (an emoji, say) is one symbol
/// token rather than two halves that are not valid text on their own. A letter outside the Basic
/// Multilingual Plane is therefore a symbol token of its own too, not part of the surrounding word.
/// </remarks>
internal sealed partial class WordTokenizer : ISpanTokenizer
{
    private readonly bool _lowerCase;
    private readonly bool _keepPunctuation;

    /// <summary>Creates a word tokenizer.</summary>
    /// <param name="lowerCase">Lower-case text (invariant culture) before splitting, so "The" and "the" are one token.</param>
    /// <param name="keepPunctuation">Emit each punctuation or symbol character as a token; when false they are dropped.</param>
    public WordTokenizer(bool lowerCase = true, bool keepPunctuation = true)
    {
        _lowerCase = lowerCase;
        _keepPunctuation = keepPunctuation;
    }

    /// <inheritdoc />
    public TokenizerSpec Spec => new(TokenizerSpec.WordKind, _lowerCase, _keepPunctuation);

    /// <inheritdoc />
    public string[] Tokenize(string text) => SpanTokenization.Tokenize(this, text);

    bool ISpanTokenizer.LowerCase => _lowerCase;

    void ISpanTokenizer.Split(ReadOnlySpan<char> text, TokenRanges ranges)
    {
        foreach (var match in (_keepPunctuation ? WordOrSymbol() : Word()).EnumerateMatches(text))
            ranges.Add(match.Index, match.Length);
    }

    [GeneratedRegex(@"\w+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\w\s]")]
    private static partial Regex WordOrSymbol();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
