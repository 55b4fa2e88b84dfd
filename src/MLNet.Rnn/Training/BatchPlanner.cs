using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Training;

/// <summary>Splits examples into batches for one epoch: seeded shuffle, optional bucketing by length.</summary>
internal static class BatchPlanner
{
    // Sequences are sorted by length within pools of this many batches: enough to find similar lengths,
    // few enough that each epoch's batches still differ.
    private const int PoolBatches = 50;

    public static List<int[]> Plan(Func<int, int> lengthOf, int count, int batchSize, bool bucket, Rng rng)
    {
        var order = Enumerable.Range(0, count).ToArray();
        rng.Shuffle<int>(order);
        var batches = new List<int[]>();
        int pool = bucket ? (int)Math.Min((long)batchSize * PoolBatches, count) : count;
        for (int start = 0; start < count; start += pool)
        {
            var chunk = order.AsSpan(start, Math.Min(pool, count - start)).ToArray();
            if (bucket)
            {
                // Stable sort: equal lengths keep their shuffled order, so the plan depends only on the seed.
                var keys = chunk.Select(lengthOf).ToArray();
                var positions = Enumerable.Range(0, chunk.Length).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();
                chunk = positions.Select(i => chunk[i]).ToArray();
            }
            for (int b = 0; b < chunk.Length; b += batchSize)
                batches.Add(chunk.AsSpan(b, Math.Min(batchSize, chunk.Length - b)).ToArray());
        }
        if (bucket)
        {
            var batchArray = batches.ToArray();
            rng.Shuffle<int[]>(batchArray);
            return [.. batchArray];
        }
        return batches;
    }
}
