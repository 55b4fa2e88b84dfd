using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Models;

/// <summary>
/// The inputs of one batch, packed once: token ids or feature rows in packed (time-major, longest-first)
/// order, with the layout that every later stage shares.
/// </summary>
internal sealed class SequenceBatch
{
    private SequenceBatch(PackedSequence layout, int[]? tokenIds, PackedSequence? features, WordCharacters? characters = null)
    {
        Layout = layout;
        TokenIds = tokenIds;
        Features = features;
        Characters = characters;
    }

    /// <summary>The packed layout: lengths, batch sizes per step, sorted and unsorted order.</summary>
    public PackedSequence Layout { get; }

    /// <summary>Token ids, one per packed row; null for numeric input.</summary>
    public int[]? TokenIds { get; }

    /// <summary>Feature rows, packed; null for token input.</summary>
    public PackedSequence? Features { get; }

    /// <summary>The characters of each token, one word per packed row; null unless the model reads them.</summary>
    public WordCharacters? Characters { get; }

    /// <summary>The number of sequences.</summary>
    public int BatchSize => Layout.BatchSize;

    /// <summary>Packs sequences of token ids (each at least one token long), and the characters of their tokens when given.</summary>
    /// <exception cref="ArgumentException">No sequences, an empty sequence (named by its index), or characters for another number of tokens.</exception>
    public static SequenceBatch FromTokens(IReadOnlyList<int[]> sequences, IReadOnlyList<WordCharacters>? characters = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var layout = PackedSequence.Zeros(LengthsOf(sequences, s => s.Length, nameof(sequences)), 1);
        var ids = new int[layout.TotalRows];
        ForEachRow(layout, (row, b, t) => ids[row] = sequences[b][t]);
        if (characters is null)
            return new SequenceBatch(layout, ids, null);
        if (characters.Count != sequences.Count)
            throw new ArgumentException($"Characters are given for {characters.Count} sequences, but there are {sequences.Count}.", nameof(characters));
        for (int b = 0; b < sequences.Count; b++)
        {
            if (characters[b].Words != sequences[b].Length)
                throw new ArgumentException($"Sequence {b} has {sequences[b].Length} tokens but characters for {characters[b].Words}.", nameof(characters));
        }
        return new SequenceBatch(layout, ids, null, WordCharacters.Packed(characters, layout));
    }

    /// <summary>Packs numeric sequences: each array holds <c>length * featureCount</c> values, step after step.</summary>
    /// <exception cref="ArgumentException">No sequences, an empty sequence, or one whose size is not a multiple of <paramref name="featureCount"/>.</exception>
    public static SequenceBatch FromFeatures(IReadOnlyList<float[]> sequences, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        for (int b = 0; b < sequences.Count; b++)
        {
            if (sequences[b].Length % featureCount != 0)
                throw new ArgumentException($"Sequence {b} has {sequences[b].Length} values, not a whole number of steps of {featureCount} features.", nameof(sequences));
        }
        var features = PackedSequence.Zeros(LengthsOf(sequences, s => s.Length / featureCount, nameof(sequences)), featureCount);
        ForEachRow(features, (row, b, t) => Array.Copy(sequences[b], t * featureCount, features.Data, row * featureCount, featureCount));
        return new SequenceBatch(features, null, features);
    }

    /// <summary>Calls <paramref name="visit"/>(packed row, original batch index, step) for every valid position.</summary>
    public static void ForEachRow(PackedSequence layout, Action<int, int, int> visit)
    {
        for (int t = 0; t < layout.MaxLength; t++)
        {
            int row0 = layout.StepOffset(t);
            for (int i = 0; i < layout.BatchSizes[t]; i++)
                visit(row0 + i, layout.SortedIndices[i], t);
        }
    }

    private static int[] LengthsOf<T>(IReadOnlyList<T> sequences, Func<T, int> length, string name)
    {
        if (sequences.Count == 0)
            throw new ArgumentException("A batch needs at least one sequence.", name);
        var lengths = new int[sequences.Count];
        for (int b = 0; b < lengths.Length; b++)
        {
            lengths[b] = length(sequences[b]);
            if (lengths[b] == 0)
                throw new ArgumentException($"Sequence {b} is empty; every sequence needs at least one step.", name);
        }
        return lengths;
    }
}
