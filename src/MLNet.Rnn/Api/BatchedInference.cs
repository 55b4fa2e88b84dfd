using MLNet.Rnn.Models;

namespace MLNet.Rnn;

/// <summary>
/// Runs a model over many rows in batches of similar length (no padding is computed either way, but similar
/// lengths keep the batches full for more steps) and returns each row's logits in row order.
/// </summary>
internal static class BatchedInference
{
    private const int BatchSize = 256;

    /// <summary>
    /// Per row: <c>Outputs</c> logits for a pooled head, or <c>length * Outputs</c> (step order) for a per-step head.
    /// </summary>
    public static float[][] Run(SequenceModel model, int count, Func<int, int> lengthOf, Func<int[], SequenceBatch> batchOf)
    {
        int outputs = model.Options.Outputs;
        bool perStep = model.Options.Head == HeadKind.PerStep;
        var results = new float[count][];
        var order = Enumerable.Range(0, count).OrderByDescending(lengthOf).ThenBy(i => i).ToArray();
        bool wasTraining = model.Training;
        model.Training = false;
        try
        {
            for (int start = 0; start < count; start += BatchSize)
            {
                var indices = order[start..Math.Min(count, start + BatchSize)];
                var batch = batchOf(indices);
                var logits = model.Forward(batch).Logits;
                if (!perStep)
                {
                    for (int b = 0; b < indices.Length; b++)
                        results[indices[b]] = logits.AsSpan(b * outputs, outputs).ToArray();
                    continue;
                }
                foreach (int i in indices)
                    results[i] = new float[lengthOf(i) * outputs];
                SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => Array.Copy(logits, row * outputs, results[indices[b]], t * outputs, outputs));
            }
        }
        finally
        {
            model.Training = wasTraining;
        }
        return results;
    }
}
