namespace MLNet.Rnn.Text;

/// <summary>
/// The one normalisation a string gets before the model keeps or looks it up (a token, a tag, a key value): each lone
/// UTF-16 surrogate, half of a pair such as an emoji cut in two, reads as U+FFFD, the replacement character, as .NET's
/// UTF-8 encoder writes it. A saved model holds its strings as UTF-8, so a string that is not valid UTF-16 would come
/// back from the file as another string; normalised at Fit and at prediction alike, every string a model holds
/// survives saving, and a lone surrogate scores the same before and after.
/// </summary>
/// <remarks>A lone surrogate is one <see cref="char"/> and so is U+FFFD: the repaired text has the same length.</remarks>
internal static class TextRepair
{
    /// <summary>What a lone surrogate reads as.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary>Where the first lone surrogate of <paramref name="text"/> is, or -1 when it is valid UTF-16.</summary>
    public static int FirstLoneSurrogate(ReadOnlySpan<char> text)
    {
        int offset = 0;
        while (true)
        {
            // Surrogates are rare in text: find the next one with a vectorised search, then look at its neighbour.
            int found = text[offset..].IndexOfAnyInRange('\uD800', '\uDFFF');
            if (found < 0)
                return -1;
            int at = offset + found;
            if (!char.IsHighSurrogate(text[at]) || at + 1 == text.Length || !char.IsLowSurrogate(text[at + 1]))
                return at;
            offset = at + 2;
        }
    }

    /// <summary>Whether <paramref name="text"/> is valid UTF-16 (no lone surrogate).</summary>
    public static bool IsValid(ReadOnlySpan<char> text) => FirstLoneSurrogate(text) < 0;

    /// <summary><paramref name="text"/> with every lone surrogate read as U+FFFD; the same instance when there is none.</summary>
    public static string Repair(string text)
    {
        int first = FirstLoneSurrogate(text);
        if (first < 0)
            return text;
        return string.Create(text.Length, (text, first), static (chars, state) =>
        {
            state.text.AsSpan().CopyTo(chars);
            RepairInPlace(chars, state.first);
        });
    }

    /// <summary>Reads every lone surrogate of <paramref name="text"/> as U+FFFD, in place.</summary>
    public static void RepairInPlace(Span<char> text) => RepairInPlace(text, FirstLoneSurrogate(text));

    private static void RepairInPlace(Span<char> text, int first)
    {
        if (first < 0)
            return;
        for (int i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                text[i] = Replacement;
        }
    }
}
