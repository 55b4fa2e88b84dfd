using MLNet.Rnn.Models;

namespace MLNet.Rnn.Onnx;

/// <summary>
/// The head: the top layer's final states (both directions), the mean or the max over each sequence's valid steps,
/// or every step, then the linear layer. Logits are <c>[N, C]</c>, or <c>[N, T, C]</c> per step.
/// </summary>
internal static class HeadGraph
{
    public static string Logits(OnnxGraph g, SequenceModel model, string outputs, string finalStates, string lengths)
    {
        string weight = g.Constant(model.Head.Weight), bias = g.Constant(model.Head.Bias!);
        if (model.Options.Head == HeadKind.PerStep)
            return g.Transpose(g.Add(g.Op("MatMul", [outputs, g.Transpose(weight, 1, 0)]), bias), 1, 0, 2);
        string pooled = model.Options.Head switch
        {
            HeadKind.Mean => g.Div(g.ReduceSum(g.Mul(outputs, g.Cast(ValidSteps(g, outputs, lengths), OnnxGraph.Float)), 0, keepDims: false),
                g.Unsqueeze(g.Cast(lengths, OnnxGraph.Float), 1)),
            HeadKind.Max => g.ReduceMax(g.Where(ValidSteps(g, outputs, lengths), outputs, g.Scalar(float.NegativeInfinity)), 0, keepDims: false),
            // [directions, N, H] -> [N, directions * H]: forward then reverse, as PyTorch's h_n[-2], h_n[-1].
            _ => g.Reshape(g.Transpose(finalStates, 1, 0, 2), 0, -1),
        };
        return g.Op("Gemm", [pooled, weight, bias], OnnxGraph.Attribute("transB", 1L));
    }

    /// <summary>Whether step t of row n is within the row's length: <c>[T, N, 1]</c>.</summary>
    private static string ValidSteps(OnnxGraph g, string outputs, string lengths)
    {
        string steps = g.Op("Range", [g.Scalar(0L), g.Squeeze(g.Dimension(outputs, 0), 0), g.Scalar(1L)]);
        return g.Unsqueeze(g.Less(g.Unsqueeze(g.Cast(steps, OnnxGraph.Int32), 1), g.Unsqueeze(lengths, 0)), 2);
    }
}
