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

    /// <summary>The words of <paramref name="sequences"/> in the packed order of <paramref name="layout"/>, one per packed row.</summary>
    public static WordCharacters Packed(IReadOnlyList<WordCharacters> sequences, Sequences.PackedSequence layout)
    {
        var offsets = new int[layout.TotalRows + 1];
        SequenceBatch.ForEachRow(layout, (row, b, t) => offsets[row + 1] = sequences[b].Of(t).Length);
        for (int row = 0; row < layout.TotalRows; row++)
            offsets[row + 1] += offsets[row];
        var ids = new int[offsets[^1]];
        SequenceBatch.ForEachRow(layout, (row, b, t) => sequences[b].Of(t).CopyTo(ids.AsSpan(offsets[row])));
        return new WordCharacters(offsets, ids);
    }
}
