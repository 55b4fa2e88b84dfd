namespace MLNet.Rnn.Text;

/// <summary>Where each token of a text lies, as ranges into it, in a buffer reused text after text.</summary>
internal sealed class TokenRanges
{
    private Range[] _items = new Range[16];

    public int Count { get; private set; }

    public Range this[int index] => _items[index];

    public void Clear() => Count = 0;

    public void Add(int start, int length)
    {
        if (Count == _items.Length)
            Array.Resize(ref _items, 2 * _items.Length);
        _items[Count++] = new Range(start, start + length);
    }
}

/// <summary>
/// A built-in tokenizer's rule, on spans: the one implementation, which <see cref="ITokenizer.Tokenize"/> turns into
/// strings (to learn a vocabulary) and prediction looks up without making any.
/// </summary>
internal interface ISpanTokenizer : ITokenizer
{
    /// <summary>Whether text is lower-cased (invariant culture) before it is split.</summary>
    bool LowerCase { get; }

    /// <summary>Adds to <paramref name="ranges"/> where each token of <paramref name="text"/> (already lower-cased when <see cref="LowerCase"/>) lies.</summary>
    void Split(ReadOnlySpan<char> text, TokenRanges ranges);
}

/// <summary>What the built-in tokenizers share: lower-casing, and tokens as strings from their ranges.</summary>
internal static class SpanTokenization
{
    /// <summary>The tokens of <paramref name="text"/> as strings.</summary>
    public static string[] Tokenize(ISpanTokenizer tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (tokenizer.LowerCase)
            text = text.ToLowerInvariant();
        var ranges = new TokenRanges();
        tokenizer.Split(text, ranges);
        var tokens = new string[ranges.Count];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = text[ranges[i]];
        return tokens;
    }

    /// <summary>
    /// The text to split: <paramref name="text"/> itself, or lower-cased into <paramref name="buffer"/> (grown as
    /// needed) when the tokenizer lower-cases.
    /// </summary>
    public static ReadOnlySpan<char> Prepare(ISpanTokenizer tokenizer, ReadOnlySpan<char> text, ref char[] buffer) =>
        tokenizer.LowerCase ? LowerCased(text, ref buffer) : text;

    /// <summary><paramref name="text"/> lower-cased (invariant culture) into <paramref name="buffer"/>, grown as needed.</summary>
    public static ReadOnlySpan<char> LowerCased(ReadOnlySpan<char> text, ref char[] buffer)
    {
        Compute.Buffers.Grow(ref buffer, text.Length);
        int written = text.ToLowerInvariant(buffer);
        return buffer.AsSpan(0, written);
    }
}
