using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Parity;

/// <summary>Tensors as the parity contract writes them: <c>{"shape": [...], "data": [row-major values]}</c> or null.</summary>
internal static class JsonTensors
{
    public static Tensor? Read(JsonNode? node)
    {
        if (node is null)
            return null;
        int[] shape = node["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
        float[] data = node["data"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
        return new Tensor(data, shape);
    }

    public static Tensor ReadRequired(JsonNode caseNode, string member) =>
        Read(caseNode[member]) ?? throw new InvalidDataException($"The case has no '{member}' tensor.");

    public static JsonNode? Write(Tensor? tensor) => tensor is null ? null : Write(tensor.Data, tensor.Shape);

    public static JsonNode Write(ReadOnlySpan<float> data, IReadOnlyList<int> shape)
    {
        var values = new JsonArray();
        foreach (float v in data)
            values.Add((double)v);
        return new JsonObject { ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["data"] = values };
    }
}
