using System.Text;

namespace MLNet.Rnn.Text;

/// <summary>
/// A token's characters as the character CNN reads them: its Unicode scalar values (an invalid UTF-16 unit reads as
/// U+FFFD, as everywhere in this library), the first <see cref="MaxCharacters"/> of them, each an id of a character
/// vocabulary learned at Fit (characters seen fewer than twice, or past the vocabulary's size, read as its unknown
/// character, whose embedding is then trained like any other).
/// </summary>
internal static class Spelling
{
    /// <summary>Characters read per token: enough for nearly every word, while a URL or a run of emoji costs no more.</summary>
    public const int MaxCharacters = 20;

    /// <summary>The most characters a vocabulary keeps, its unknown character included.</summary>
    public const int MaxVocabulary = 1000;

    /// <summary>Characters seen fewer times in training read as unknown.</summary>
    public const int MinFrequency = 2;

    /// <summary>The character vocabulary of <paramref name="tokens"/>' rows.</summary>
    public static Vocabulary Learn(IEnumerable<string[]> tokens) =>
        Vocabulary.Build(tokens.Select(row => row.SelectMany(Characters)), MaxVocabulary, MinFrequency, addPadding: false, addUnknown: true);

    /// <summary>The characters of <paramref name="token"/> that are read, each as a string.</summary>
    private static IEnumerable<string> Characters(string token) => token.EnumerateRunes().Take(MaxCharacters).Select(rune => rune.ToString());

    /// <summary>Writes the ids of <paramref name="token"/>'s characters to <paramref name="destination"/>; returns how many.</summary>
    public static int Encode(Vocabulary characters, ReadOnlySpan<char> token, Span<int> destination)
    {
        Span<char> units = stackalloc char[2];
        int count = 0;
        foreach (var rune in token.EnumerateRunes())
        {
            if (count == MaxCharacters)
                break;
            destination[count++] = characters.IdOf(units[..rune.EncodeToUtf16(units)]);
        }
        return count;
    }
}
