using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Tests.Serialization;

/// <summary>Fixtures, hand-made safetensors bytes and JSON tensors shared by the serialization tests.</summary>
internal static class SerializationFiles
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "safetensors", name);

    /// <summary>An 8-byte length field, the header text, then <paramref name="dataBytes"/> bytes counting up.</summary>
    public static byte[] SafeTensorsBytes(string header, int dataBytes, ulong? declaredHeaderLength = null)
    {
        byte[] text = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + text.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declaredHeaderLength ?? (ulong)text.Length);
        text.CopyTo(file, 8);
        for (int i = 0; i < dataBytes; i++)
            file[8 + text.Length + i] = (byte)i;
        return file;
    }

    public static Tensor ToTensor(JsonNode node) =>
        new(node["data"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray(), node["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray());

    public static JsonObject ToJson(Tensor tensor) => new()
    {
        ["shape"] = new JsonArray([.. tensor.Shape.Select(d => (JsonNode)d)]),
        ["data"] = new JsonArray([.. tensor.Data.Select(v => (JsonNode)(double)v)]),
    };

    /// <summary>||actual - expected|| / ||expected||, the measure of shared/parity/compare.py.</summary>
    public static double RelativeError(JsonNode expected, Tensor actual)
    {
        var reference = ToTensor(expected);
        CollectionAssert.AreEqual(reference.Shape.ToArray(), actual.Shape.ToArray(), "shape");
        var want = expected["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        double num = 0, den = 0;
        for (int i = 0; i < want.Length; i++)
        {
            num += (actual.Data[i] - want[i]) * (actual.Data[i] - want[i]);
            den += want[i] * want[i];
        }
        return Math.Sqrt(num) / Math.Max(Math.Sqrt(den), 1e-12);
    }

    /// <summary>input 3, hidden 4, as in eng/make_safetensors_fixtures.py.</summary>
    public static RecurrentModule Module(string mode, int layers, bool bidirectional, ulong seed = 0) => mode switch
    {
        "lstm" => new Lstm(3, 4, numLayers: layers, bidirectional: bidirectional, seed: seed),
        "gru" => new Gru(3, 4, numLayers: layers, bidirectional: bidirectional, seed: seed),
        "rnn_tanh" => new MLNet.Rnn.Nn.Rnn(3, 4, numLayers: layers, nonlinearity: "tanh", bidirectional: bidirectional, seed: seed),
        "rnn_relu" => new MLNet.Rnn.Nn.Rnn(3, 4, numLayers: layers, nonlinearity: "relu", bidirectional: bidirectional, seed: seed),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
