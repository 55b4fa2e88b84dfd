using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;
using MLNet.Rnn.Serialization;

namespace MLNet.Rnn.Parity;

/// <summary>The <c>recurrent</c> kind: one multi-layer recurrent module, forward and backward.</summary>
internal static class RecurrentCase
{
    public static JsonObject Answer(JsonNode c)
    {
        string mode = c["mode"]!.GetValue<string>();
        int inputSize = c["input_size"]!.GetValue<int>(), hiddenSize = c["hidden_size"]!.GetValue<int>();
        int layers = c["num_layers"]!.GetValue<int>();
        bool bias = c["bias"]!.GetValue<bool>(), batchFirst = c["batch_first"]!.GetValue<bool>();
        bool bidirectional = c["bidirectional"]!.GetValue<bool>();

        RecurrentModule module = mode switch
        {
            "lstm" => new Lstm(inputSize, hiddenSize, layers, bias, batchFirst, bidirectional),
            "gru" => new Gru(inputSize, hiddenSize, layers, bias, batchFirst, bidirectional),
            "rnn_tanh" => new Nn.Rnn(inputSize, hiddenSize, layers, "tanh", bias, batchFirst, bidirectional),
            "rnn_relu" => new Nn.Rnn(inputSize, hiddenSize, layers, "relu", bias, batchFirst, bidirectional),
            _ => throw new InvalidDataException($"Unknown recurrent mode '{mode}'."),
        };
        LoadParameters(module.Parameters, c["params"]!.AsObject());

        var input = JsonTensors.ReadRequired(c, "input");
        var h0 = JsonTensors.Read(c["h0"]);
        var c0 = JsonTensors.Read(c["c0"]);
        var gradOutput = JsonTensors.ReadRequired(c, "grad_output");
        var gradHn = JsonTensors.Read(c["grad_h_n"]);
        var gradCn = JsonTensors.Read(c["grad_c_n"]);
        int[]? lengths = c["lengths"]?.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        int steps = input.Size(batchFirst ? 1 : 0);

        Tensor output, hN, dInput, dh0;
        Tensor? cN, dc0;
        if (lengths is null)
        {
            (output, hN, cN) = module.Forward(input, h0, c0);
            (dInput, dh0, dc0) = module.Backward(gradOutput, gradHn, gradCn);
        }
        else
        {
            var (packedOutput, packedHn, packedCn) = module.Forward(PackedSequence.Pack(input, lengths, batchFirst), h0, c0);
            (output, hN, cN) = (packedOutput.Pad(batchFirst, steps), packedHn, packedCn);
            var (packedDInput, packedDh0, packedDc0) = module.Backward(PackedSequence.Pack(gradOutput, lengths, batchFirst), gradHn, gradCn);
            (dInput, dh0, dc0) = (packedDInput.Pad(batchFirst, steps), packedDh0, packedDc0);
        }

        return new JsonObject
        {
            ["output"] = JsonTensors.Write(output),
            ["h_n"] = JsonTensors.Write(hN),
            ["c_n"] = JsonTensors.Write(cN),
            ["grad_input"] = JsonTensors.Write(dInput),
            ["grad_h0"] = h0 is null ? null : JsonTensors.Write(dh0),
            ["grad_c0"] = c0 is null ? null : JsonTensors.Write(dc0),
            ["grad_params"] = GradientsOf(module.Parameters),
        };
    }

    /// <summary>
    /// Sets every parameter from the case by its PyTorch name; the import checks names and shapes both ways and
    /// changes nothing on a mismatch.
    /// </summary>
    public static void LoadParameters(ParameterStore store, JsonObject parameters) =>
        ParameterTransfer.Import(store, parameters.ToDictionary(p => p.Key, p =>
        {
            var tensor = JsonTensors.Read(p.Value) ?? throw new InvalidDataException($"Parameter '{p.Key}' is null in the case.");
            return new NamedTensor(p.Key, [.. tensor.Shape], tensor.Data);
        }));

    public static JsonObject GradientsOf(ParameterStore store)
    {
        var result = new JsonObject();
        foreach (var p in store.Parameters)
            result[p.Name] = JsonTensors.Write(p.Gradient, p.Shape);
        return result;
    }
}
