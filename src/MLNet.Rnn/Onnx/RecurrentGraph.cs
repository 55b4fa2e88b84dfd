using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Onnx;

/// <summary>
/// The embedding and every layer of the recurrent module as ONNX LSTM, GRU or RNN nodes over <c>sequence_lens</c>,
/// which gives PyTorch's packed semantics: each sequence's steps past its length neither compute nor count, and the
/// final state is taken at its own last step (forward) or first step (reverse). Dropout has no part in inference.
/// </summary>
/// <remarks>
/// Gates are reordered from PyTorch's to ONNX's: LSTM i, f, g, o to i, o, f, c; GRU r, z, n to z, r, h, with
/// <c>linear_before_reset</c> as PyTorch computes n (b_hn inside the reset product).
/// </remarks>
internal static class RecurrentGraph
{
    /// <summary>The top layer's outputs <c>[T, N, directions * H]</c> and its final states <c>[directions, N, H]</c>.</summary>
    public static (string Outputs, string FinalStates) Write(OnnxGraph g, SequenceModel model, InputGraph input)
    {
        var options = model.Options;
        string steps = input.Steps ?? g.Gather(g.Constant(model.Embedding!.Weight), g.Transpose(input.Ids!, 1, 0));
        int directions = options.Bidirectional ? 2 : 1;
        string finalStates = "";
        for (int layer = 0; layer < options.NumLayers; layer++)
        {
            var (op, attributes) = Operator(options.Mode, options.HiddenSize, directions);
            string[] inputs =
            [
                steps,
                Stacked(g, model.Parameters, options.Mode, "weight_ih", layer, directions),
                Stacked(g, model.Parameters, options.Mode, "weight_hh", layer, directions),
                Stacked(g, model.Parameters, options.Mode, "bias", layer, directions),
                input.Lengths,
            ];
            var outputs = g.Node(op, inputs, 2, "", attributes);
            finalStates = outputs[1];
            // [T, directions, N, H] -> [T, N, directions * H]: directions side by side, forward first, as PyTorch's output.
            steps = g.Reshape(g.Transpose(outputs[0], 0, 2, 1, 3), 0, 0, -1);
        }
        return (steps, finalStates);
    }

    private static (string Op, OnnxAttribute[] Attributes) Operator(RecurrentMode mode, int hiddenSize, int directions)
    {
        var common = new List<OnnxAttribute>
        {
            OnnxGraph.Attribute("hidden_size", (long)hiddenSize),
            OnnxGraph.Attribute("direction", directions == 2 ? "bidirectional" : "forward"),
        };
        switch (mode)
        {
            case RecurrentMode.Lstm:
                return ("LSTM", [.. common]);
            case RecurrentMode.Gru:
                return ("GRU", [.. common, OnnxGraph.Attribute("linear_before_reset", 1L)]);
            default:
                string activation = mode == RecurrentMode.RnnRelu ? "Relu" : "Tanh";
                return ("RNN", [.. common, OnnxGraph.Attribute("activations", Enumerable.Repeat(activation, directions).ToArray())]);
        }
    }

    /// <summary>
    /// A layer's W, R or B input: each direction's parameter with its gate blocks in ONNX's order, stacked on a
    /// directions axis (B is <c>bias_ih</c> then <c>bias_hh</c>).
    /// </summary>
    private static string Stacked(OnnxGraph g, ParameterStore parameters, RecurrentMode mode, string kind, int layer, int directions)
    {
        var values = new List<float>();
        int rows = 0, columns = 0;
        for (int d = 0; d < directions; d++)
        {
            string suffix = $"_l{layer}" + (d == 1 ? "_reverse" : "");
            string[] names = kind == "bias" ? [$"rnn.bias_ih{suffix}", $"rnn.bias_hh{suffix}"] : [$"rnn.{kind}{suffix}"];
            columns = 0;
            foreach (string name in names)
            {
                var parameter = parameters[name];
                rows = parameter.Shape[0];
                int width = parameter.Shape.Count > 1 ? parameter.Shape[1] : 1;
                values.AddRange(InOnnxGateOrder(parameter.Value, mode, rows / mode.GateCount() * width));
                columns += kind == "bias" ? rows : width;
            }
        }
        long[] dims = kind == "bias" ? [directions, columns] : [directions, rows, columns];
        return g.Constant(values.ToArray(), dims);
    }

    /// <summary>The gate blocks (each <paramref name="block"/> floats) of a PyTorch parameter, in ONNX's order.</summary>
    private static float[] InOnnxGateOrder(ReadOnlySpan<float> values, RecurrentMode mode, int block)
    {
        int[] order = mode switch
        {
            RecurrentMode.Lstm => [0, 3, 1, 2], // i, f, g, o -> i, o, f, c
            RecurrentMode.Gru => [1, 0, 2],     // r, z, n -> z, r, h
            _ => [0],
        };
        var result = new float[values.Length];
        for (int i = 0; i < order.Length; i++)
            values.Slice(order[i] * block, block).CopyTo(result.AsSpan(i * block));
        return result;
    }
}
