using MLNet.Rnn.Models;

namespace MLNet.Rnn.Onnx;

/// <summary>
/// The columns the transformer adds, computed from the logits as <see cref="RowOutputs"/> computes them, each under
/// its column's name and ML.NET type: class probabilities and the predicted key (uint32, class + 1); the binary
/// margin, probability and label; values in the targets' units; tags (keys) for each real token; a language model's
/// perplexity and token count per row.
/// </summary>
internal static class OutputGraph
{
    public static void Write(OnnxGraph g, SequenceModel model, LabelEncoder labels, IReadOnlyList<OutputColumn> columns, string logits, InputGraph input)
    {
        var values = labels.Kind switch
        {
            LabelKind.ClassKey => Classes(g, logits),
            LabelKind.Boolean => Binary(g, logits),
            LabelKind.Value or LabelKind.Values => [Values(g, model, logits)],
            LabelKind.TagKeys or LabelKind.TagText => [Tags(g, logits, input.Counts)],
            _ => Perplexity(g, logits, input),
        };
        // The columns come in OutputColumns' order, which these follow.
        for (int i = 0; i < columns.Count; i++)
            g.Output(columns[i].Name, columns[i].Type, values[i]);
    }

    /// <summary>PredictedLabel (the most probable class's key), then Score (the probabilities).</summary>
    private static string[] Classes(OnnxGraph g, string logits)
    {
        string probabilities = g.Op("Softmax", [logits], OnnxGraph.Attribute("axis", 1L));
        return [Keys(g, g.ArgMax(probabilities, 1, keepDims: true)), probabilities];
    }

    /// <summary>PredictedLabel (margin above 0), Score (the logit of true over false), Probability (of true).</summary>
    private static string[] Binary(OnnxGraph g, string logits)
    {
        string Column(string x, long index) => g.Slice(x, g.Longs(index), g.Longs(index + 1), g.Longs(1));
        string margin = g.Sub(Column(logits, 1), Column(logits, 0));
        string probability = Column(g.Op("Softmax", [logits], OnnxGraph.Attribute("axis", 1L)), 1);
        return [g.Op("Greater", [margin, g.Scalar(0f)]), margin, probability];
    }

    /// <summary>The head's values in the targets' units.</summary>
    private static string Values(OnnxGraph g, SequenceModel model, string logits)
    {
        if (model.TargetNormalizer is not { } targets)
            return logits;
        long[] dims = [targets.FeatureCount];
        return g.Add(g.Mul(logits, g.Constant(targets.Deviations.ToArray(), dims)), g.Constant(targets.Means.ToArray(), dims));
    }

    /// <summary>The most likely tag's key at each step, for as many steps as the longest row has tokens.</summary>
    private static string Tags(OnnxGraph g, string logits, string counts)
    {
        string tags = Keys(g, g.ArgMax(logits, 2, keepDims: false));
        return g.Slice(tags, g.Longs(0), g.ReduceMax(counts, 0, keepDims: true), g.Longs(1));
    }

    /// <summary>
    /// Score: exp of the mean negative log-likelihood of each next token (NaN for a row with one token: nothing to
    /// predict); TokenCount: how many next tokens that is.
    /// </summary>
    private static string[] Perplexity(OnnxGraph g, string logits, InputGraph input)
    {
        string end = g.Longs(long.MaxValue), stepAxis = g.Longs(1);
        string logProbabilities = g.Op("LogSoftmax", [g.Slice(logits, g.Longs(0), g.Longs(-1), stepAxis)], OnnxGraph.Attribute("axis", 2L));
        string next = g.Unsqueeze(g.Slice(input.Ids!, g.Longs(1), end, stepAxis), 2);
        string likelihoods = g.Squeeze(g.Op("GatherElements", [logProbabilities, next], OnnxGraph.Attribute("axis", 2L)), 2);
        string predictions = g.Sub(g.Cast(input.Lengths, OnnxGraph.Int64), g.Scalar(1L));
        string steps = g.Op("Range", [g.Scalar(0L), g.Squeeze(g.Dimension(likelihoods, 1), 0), g.Scalar(1L)]);
        string counted = g.Cast(g.Less(g.Unsqueeze(steps, 0), g.Unsqueeze(predictions, 1)), OnnxGraph.Float);
        string negativeSum = g.Sub(g.Scalar(0f), g.ReduceSum(g.Mul(likelihoods, counted), 1, keepDims: false));
        string count = g.Cast(predictions, OnnxGraph.Float);
        return [g.Unsqueeze(g.Op("Exp", [g.Div(negativeSum, count)]), 1), g.Unsqueeze(count, 1)];
    }

    /// <summary>Class indices as ML.NET's keys: uint32, class + 1.</summary>
    private static string Keys(OnnxGraph g, string classes) => g.Cast(g.Add(classes, g.Scalar(1L)), OnnxGraph.UInt32);
}
