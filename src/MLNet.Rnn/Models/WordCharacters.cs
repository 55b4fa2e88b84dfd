namespace MLNet.Rnn.Models;

/// <summary>
/// The character ids of a run of words, flat: word <c>w</c>'s characters are <c>Ids[Offsets[w]..Offsets[w + 1]]</c>.
/// A word may have none (a row without tokens reads as one unknown word with no characters).
/// </summary>
internal sealed record WordCharacters(int[] Offsets, int[] Ids)
{
    /// <summary>The number of words.</summary>
    public int Words => Offsets.Length - 1;

    /// <summary>The characters of word <paramref name="word"/>.</summary>
    public ReadOnlySpan<int> Of(int word) => Ids.AsSpan(Offsets[word], Offsets[word + 1] - Offsets[word]);

    /// <summary>Words given one array of character ids each.</summary>
    public static WordCharacters FromWords(IReadOnlyList<int[]> words)
    {
        var offsets = new int[words.Count + 1];
        for (int w = 0; w < words.Count; w++)
            offsets[w + 1] = offsets[w] + words[w].Length;
        return new WordCharacters(offsets, words.SelectMany(w => w).ToArray());
    }

    /// <summary>The words of <paramref name="sequences"/> in the order <paramref name="wordAt"/> gives: (sequence, word within it) for each output word.</summary>
    public static WordCharacters Gather(IReadOnlyList<WordCharacters> sequences, int words, Func<int, (int Sequence, int Word)> wordAt)
    {
        var offsets = new int[words + 1];
        for (int i = 0; i < words; i++)
        {
            var (s, w) = wordAt(i);
            offsets[i + 1] = offsets[i] + sequences[s].Offsets[w + 1] - sequences[s].Offsets[w];
        }
        var ids = new int[offsets[words]];
        for (int i = 0; i < words; i++)
        {
            var (s, w) = wordAt(i);
            sequences[s].Of(w).CopyTo(ids.AsSpan(offsets[i]));
        }
        return new WordCharacters(offsets, ids);
    }
}
