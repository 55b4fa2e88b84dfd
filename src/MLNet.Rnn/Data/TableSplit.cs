using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Data;

/// <summary>Splits a <see cref="Table"/> into parts for training and evaluation.</summary>
public static class TableSplit
{
    /// <summary>
    /// A random train/test split: round(RowCount x <paramref name="testFraction"/>) rows, drawn with the library's
    /// seeded <see cref="Rng"/>, go to the test table and the rest to the train table.
    /// </summary>
    /// <remarks>
    /// The same table and seed give the same split on every platform. Each side keeps the rows in their original
    /// order (the trainer shuffles each epoch itself), so a split is easy to check against the source.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">The fraction would leave one side without rows.</exception>
    public static (Table Train, Table Test) TrainTest(Table table, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        int testCount = (int)Math.Round(table.RowCount * testFraction);
        if (testCount == 0 || testCount == table.RowCount)
            throw new ArgumentException($"A test fraction of {testFraction} of {table.RowCount} rows leaves {testCount} test and {table.RowCount - testCount} train rows; each side needs at least one.", nameof(testFraction));

        int[] order = [.. Enumerable.Range(0, table.RowCount)];
        new Rng(seed).Shuffle<int>(order);
        int[] test = order[..testCount];
        int[] train = order[testCount..];
        Array.Sort(test);
        Array.Sort(train);
        return (table.Take(train), table.Take(test));
    }
}
