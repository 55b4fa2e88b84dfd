using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>
/// An ONNX model in ONNX Runtime, run one row at a time with the inputs ML.NET's converter declared (a missing one gets
/// its type's default), each output under its column's name and formatted as <c>ScoredValues</c> formats ML.NET's.
/// Compiled into the tests and into test/MLNet.Rnn.OnnxRuntimeScorer, which runs it on another ONNX Runtime version.
/// </summary>
internal sealed class OnnxSession(byte[] model) : IDisposable
{
    private readonly InferenceSession _session = new(model);

    public IEnumerable<string> InputNames => _session.InputMetadata.Keys;

    public Dictionary<string, string> Run(IReadOnlyDictionary<string, object> row)
    {
        var inputs = _session.InputMetadata.Select(i => Input(i.Key, i.Value.ElementType, row.GetValueOrDefault(i.Key))).ToList();
        using var results = _session.Run(inputs);
        // The converter names each column's output "<column>.output" (its other outputs hold slot names).
        return results.Where(r => r.Name.EndsWith(".output", StringComparison.Ordinal)).ToDictionary(r => r.Name[..^".output".Length], r => r.Value switch
        {
            Tensor<float> t => string.Join(",", t.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8"))),
            Tensor<uint> t => string.Join(",", t),
            Tensor<bool> t => string.Join(",", t),
            Tensor<string> t => string.Join("|", t),
            _ => throw new InvalidOperationException($"Output {r.Name} is of an unexpected type."),
        });
    }

    private static NamedOnnxValue Input(string name, Type type, object? value) => value switch
    {
        _ when type == typeof(string) => Tensor(name, value as string[] ?? [value as string ?? ""]),
        _ when type == typeof(float) => Tensor(name, value as float[] ?? [value is float f ? f : 0f]),
        _ when type == typeof(uint) => Tensor(name, value as uint[] ?? [value is uint k ? k : 0u]),
        _ => Tensor(name, value as bool[] ?? [value is true]),
    };

    private static NamedOnnxValue Tensor<T>(string name, T[] values) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<T>(values, [1, values.Length]));

    public void Dispose() => _session.Dispose();
}
