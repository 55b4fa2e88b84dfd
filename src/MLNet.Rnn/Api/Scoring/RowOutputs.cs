using System.Numerics.Tensors;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;

namespace MLNet.Rnn;

/// <summary>
/// Turns one row's logits into its <see cref="RowOutput"/> for the task, writing into buffers the caller owns (new
/// arrays for a batch's rows, reused ones for a row served on its own).
/// </summary>
internal static class RowOutputs
{
    /// <summary>The widest <see cref="RowOutput.Scores"/> a row of this model has.</summary>
    public static int ScoreWidth(SequenceModelOptions model) => Math.Max(2, model.Outputs);

    /// <summary>A pooled head's row: class probabilities and class, margin and probability of true, or values in the targets' units.</summary>
    public static RowOutput Pooled(LabelEncoder labels, SequenceModel model, ReadOnlySpan<float> logits, float[] scores, int[] classes)
    {
        switch (labels.Kind)
        {
            case LabelKind.ClassKey:
                var probabilities = scores.AsSpan(0, logits.Length);
                Softmax.Compute(logits, probabilities);
                classes[0] = TensorPrimitives.IndexOfMax(probabilities);
                return new RowOutput(scores.AsMemory(0, logits.Length), classes.AsMemory(0, 1));
            case LabelKind.Boolean:
                // The margin is the logit of true over false: its sigmoid is the softmax probability of true.
                float margin = logits[1] - logits[0];
                Span<float> pair = stackalloc float[2];
                Softmax.Compute(logits, pair);
                scores[0] = margin;
                scores[1] = pair[1];
                classes[0] = margin > 0 ? 1 : 0;
                return new RowOutput(scores.AsMemory(0, 2), classes.AsMemory(0, 1));
            default:
                var values = scores.AsSpan(0, logits.Length);
                logits.CopyTo(values);
                model.ToTargetUnits(values);
                return new RowOutput(scores.AsMemory(0, logits.Length), ReadOnlyMemory<int>.Empty);
        }
    }

    /// <summary>
    /// The tags of each real token (a row read as one unknown token has none), from its steps' logits in time order: the
    /// CRF's best sequence (within <paramref name="constraints"/>) when the model has one, else each token's likeliest.
    /// </summary>
    public static RowOutput Tags(ReadOnlySpan<float> logits, int tokenCount, int outputs, int[] tags, Crf? crf, CrfConstraints? constraints)
    {
        if (crf is not null && tokenCount > 0)
            crf.Decode(logits, tokenCount, constraints, tags);
        else
        {
            for (int t = 0; t < tokenCount; t++)
                tags[t] = TensorPrimitives.IndexOfMax(logits.Slice(t * outputs, outputs));
        }
        return new RowOutput(ReadOnlyMemory<float>.Empty, tags.AsMemory(0, tokenCount));
    }

    /// <summary>exp of the mean negative log-likelihood of each next token; NaN for a row of one token (nothing to predict).</summary>
    public static RowOutput Perplexity(ReadOnlySpan<float> logits, ReadOnlySpan<int> ids, int outputs, float[] scores)
    {
        int predictions = ids.Length - 1;
        double nll = 0;
        for (int t = 0; t < predictions; t++)
        {
            var row = logits.Slice(t * outputs, outputs);
            float max = TensorPrimitives.Max(row);
            double sum = 0;
            foreach (float v in row)
                sum += Math.Exp(v - max);
            nll += Math.Log(sum) + max - row[ids[t + 1]];
        }
        scores[0] = predictions == 0 ? float.NaN : (float)Math.Exp(nll / predictions);
        scores[1] = predictions;
        return new RowOutput(scores.AsMemory(0, 2), ReadOnlyMemory<int>.Empty);
    }
}
