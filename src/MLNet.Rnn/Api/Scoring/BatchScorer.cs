using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;

namespace MLNet.Rnn;

/// <summary>
/// Scores a batch of encoded rows in one forward pass (packed by length inside) and turns each row's logits into
/// its <see cref="RowOutput"/> for the task, on whichever engine serves the model (the managed engine's model copies,
/// one per thread, unless another was asked for). Predicted values come back in the targets' units. Thread-safe.
/// </summary>
internal sealed class BatchScorer(ISequenceScorer scorer, SequenceModel model, LabelEncoder labels, int featuresPerStep, CrfConstraints? constraints)
{
    /// <summary>The outputs of <paramref name="rows"/>, in their order.</summary>
    public RowOutput[] Score(IReadOnlyList<EncodedInput> rows)
    {
        if (rows.Count == 0)
            return [];
        var batch = rows[0].Ids is not null
            ? SequenceBatch.FromTokens(rows.Select(r => r.Ids!).ToArray(), rows[0].Characters is null ? null : rows.Select(r => r.Characters!).ToArray())
            : SequenceBatch.FromFeatures(rows.Select(r => r.Features!).ToArray(), featuresPerStep);
        var logits = scorer.Logits(batch);
        var options = model.Options;
        int outputs = options.Outputs;
        if (options.Head != HeadKind.PerStep)
            return rows.Select((_, b) => RowOutputs.Pooled(labels, model, logits.AsSpan(b * outputs, outputs), new float[RowOutputs.ScoreWidth(options)], new int[1])).ToArray();

        // Per-step logits come in packed order; gather each row's steps back in time order.
        var steps = rows.Select(r => new float[(r.Ids?.Length ?? r.Features!.Length / featuresPerStep) * outputs]).ToArray();
        SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => Array.Copy(logits, row * outputs, steps[b], t * outputs, outputs));
        return rows.Select((row, b) => labels.IsTagging
            ? RowOutputs.Tags(steps[b], row.TokenCount, outputs, new int[row.TokenCount], model.Crf, constraints)
            : RowOutputs.Perplexity(steps[b], row.Ids!, outputs, new float[2])).ToArray();
    }
}
