using System.Numerics.Tensors;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;

namespace MLNet.Rnn;

/// <summary>
/// Scores a batch of encoded rows in one forward pass (packed by length inside) and turns each row's logits into
/// its <see cref="RowOutput"/> for the task, on whichever engine serves the model (the managed engine's model copies,
/// one per thread, unless another was asked for). Predicted values come back in the targets' units. Thread-safe.
/// </summary>
internal sealed class BatchScorer(ISequenceScorer scorer, SequenceModel model, LabelEncoder labels, int featuresPerStep)
{
    /// <summary>The outputs of <paramref name="rows"/>, in their order.</summary>
    public RowOutput[] Score(IReadOnlyList<EncodedInput> rows)
    {
        if (rows.Count == 0)
            return [];
        var batch = rows[0].Ids is not null
            ? SequenceBatch.FromTokens(rows.Select(r => r.Ids!).ToArray())
            : SequenceBatch.FromFeatures(rows.Select(r => r.Features!).ToArray(), featuresPerStep);
        var logits = scorer.Logits(batch);
        int outputs = model.Options.Outputs;
        if (model.Options.Head != HeadKind.PerStep)
            return rows.Select((_, b) => Pooled(logits.AsSpan(b * outputs, outputs))).ToArray();

        // Per-step logits come in packed order; gather each row's steps back in time order.
        var steps = rows.Select(r => new float[(r.Ids?.Length ?? r.Features!.Length / featuresPerStep) * outputs]).ToArray();
        SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => Array.Copy(logits, row * outputs, steps[b], t * outputs, outputs));
        return rows.Select((row, b) => labels.IsTagging ? Tags(steps[b], row.TokenCount, outputs) : Perplexity(steps[b], row.Ids!, outputs)).ToArray();
    }

    private RowOutput Pooled(ReadOnlySpan<float> logits)
    {
        switch (labels.Kind)
        {
            case LabelKind.ClassKey:
                var probabilities = Softmax.Rows(logits, logits.Length);
                return new RowOutput(probabilities, [TensorPrimitives.IndexOfMax(probabilities)]);
            case LabelKind.Boolean:
                // The margin is the logit of true over false: its sigmoid is the softmax probability of true.
                float margin = logits[1] - logits[0];
                return new RowOutput([margin, Softmax.Rows(logits, 2)[1]], [margin > 0 ? 1 : 0]);
            default:
                var values = logits.ToArray();
                model.ToTargetUnits(values);
                return new RowOutput(values, []);
        }
    }

    /// <summary>The most likely tag of each real token (a row read as one unknown token has none).</summary>
    private static RowOutput Tags(float[] logits, int tokenCount, int outputs)
    {
        var tags = new int[tokenCount];
        for (int t = 0; t < tokenCount; t++)
            tags[t] = TensorPrimitives.IndexOfMax(logits.AsSpan(t * outputs, outputs));
        return new RowOutput([], tags);
    }

    /// <summary>exp of the mean negative log-likelihood of each next token; NaN for a row of one token (nothing to predict).</summary>
    private static RowOutput Perplexity(float[] logits, int[] ids, int outputs)
    {
        int predictions = ids.Length - 1;
        if (predictions == 0)
            return new RowOutput([float.NaN, 0], []);
        double nll = 0;
        for (int t = 0; t < predictions; t++)
        {
            var row = logits.AsSpan(t * outputs, outputs);
            float max = TensorPrimitives.Max(row);
            double sum = 0;
            foreach (float v in row)
                sum += Math.Exp(v - max);
            nll += Math.Log(sum) + max - row[ids[t + 1]];
        }
        return new RowOutput([(float)Math.Exp(nll / predictions), predictions], []);
    }
}
