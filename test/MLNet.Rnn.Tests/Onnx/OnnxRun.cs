using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>A model converted with ML.NET's ConvertToOnnx, scored by ONNX Runtime one row at a time.</summary>
internal sealed class OnnxRun : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRun(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        Bytes = stream.ToArray();
        _session = new InferenceSession(Bytes);
    }

    public byte[] Bytes { get; }

    /// <summary>The graph's operators, by type.</summary>
    public IReadOnlyList<string> Operators => OnnxOperators.Of(Bytes);

    /// <summary>Runs one row: each input given by name (a missing input gets a default of its type), each output by its column's name.</summary>
    public Dictionary<string, Array> Run(IReadOnlyDictionary<string, object> row)
    {
        var inputs = _session.InputMetadata.Select(i => Input(i.Key, i.Value, row.GetValueOrDefault(i.Key))).ToList();
        using var results = _session.Run(inputs);
        // The converter names each output "<column>.output".
        return results.ToDictionary(r => r.Name.EndsWith(".output", StringComparison.Ordinal) ? r.Name[..^".output".Length] : r.Name, r => r.Value switch
        {
            Tensor<float> t => (Array)t.ToArray(),
            Tensor<uint> t => t.ToArray(),
            Tensor<bool> t => t.ToArray(),
            Tensor<string> t => t.ToArray(),
            Tensor<long> t => t.ToArray(),
            _ => throw new InvalidOperationException($"Output {r.Name} is of an unexpected type."),
        });
    }

    private static NamedOnnxValue Input(string name, NodeMetadata metadata, object? value)
    {
        if (metadata.ElementType == typeof(string))
        {
            string[] texts = value as string[] ?? [value as string ?? ""];
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(texts, [1, texts.Length]));
        }
        if (metadata.ElementType == typeof(float))
        {
            float[] floats = value as float[] ?? [value is float f ? f : 0f];
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(floats, [1, floats.Length]));
        }
        if (metadata.ElementType == typeof(uint))
        {
            uint[] keys = value as uint[] ?? [value is uint k ? k : 0u];
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<uint>(keys, [1, keys.Length]));
        }
        bool[] flags = value as bool[] ?? [value is true];
        return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(flags, [1, flags.Length]));
    }

    public void Dispose() => _session.Dispose();
}
