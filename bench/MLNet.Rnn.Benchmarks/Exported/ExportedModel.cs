using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.Rnn.Benchmarks.Exported;

/// <summary>
/// One of our models as <c>mlContext.Model.ConvertToOnnx</c> writes it, in ONNX Runtime (CPU provider, the same
/// threads as the other engines), given whole batches: tokens padded with empty strings, which the exported graph
/// does not count as tokens, so every sequence keeps its length (<c>sequence_lens</c>) as in the packed batch.
/// </summary>
internal sealed class ExportedModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BenchCase _case;

    public ExportedModel(MLContext ml, ITransformer model, IDataView rows, BenchCase c, int threads)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, rows, stream);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads, InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(stream.ToArray(), options);
        _case = c;
        Threads = threads;
    }

    public static string Name => "mlnet-rnn-exported-onnxruntime-" + OrtEnv.Instance().GetVersionString();

    public int Threads { get; }

    /// <summary>
    /// The graph's inputs for <paramref name="data"/>, built before timing: the sequences padded to the longest, and
    /// for the other columns ML.NET's converter declared (the labels the pipeline trained on) an empty value per row.
    /// </summary>
    public NamedOnnxValue[] Input(CaseData data)
    {
        int rows = data.Count, width = Enumerable.Range(0, rows).Max(data.LengthOf);
        return _session.InputMetadata.Select(input => input.Key == ExportedCase.InputColumn
            ? data.Tokens is { } tokens ? Tokens(tokens, width) : Features(data.Features!, rows)
            : Empty(input.Key, input.Value, rows)).ToArray();
    }

    public void Run(IReadOnlyCollection<NamedOnnxValue> input)
    {
        using var results = _session.Run(input);
    }

    /// <summary>
    /// Each output of numbers or keys (as floats: keys are small integers) of <paramref name="input"/>, under its column's
    /// name (ML.NET's converter adds ".output").
    /// </summary>
    public Dictionary<string, float[]> NumericOutputs(IReadOnlyCollection<NamedOnnxValue> input)
    {
        using var results = _session.Run(input);
        return results.Where(r => r.Name.EndsWith(".output", StringComparison.Ordinal) && r.Value is Tensor<float> or Tensor<uint>)
            .ToDictionary(r => r.Name[..^".output".Length], r => r.Value is Tensor<uint> keys ? keys.Select(k => (float)k).ToArray() : r.AsEnumerable<float>().ToArray());
    }

    private static NamedOnnxValue Tokens(int[][] sequences, int width)
    {
        var tokens = new DenseTensor<string>([sequences.Length, width]);
        tokens.Fill("");
        for (int b = 0; b < sequences.Length; b++)
            for (int t = 0; t < sequences[b].Length; t++)
                tokens[b, t] = ExportedCase.Word(sequences[b][t]);
        return NamedOnnxValue.CreateFromTensor(ExportedCase.InputColumn, tokens);
    }

    private NamedOnnxValue Features(float[][] windows, int rows)
    {
        int size = _case.MaxLength * _case.Input;
        var values = new DenseTensor<float>([rows, size]);
        for (int b = 0; b < rows; b++)
            windows[b].CopyTo(values.Buffer.Span.Slice(b * size));
        return NamedOnnxValue.CreateFromTensor(ExportedCase.InputColumn, values);
    }

    private static NamedOnnxValue Empty(string name, NodeMetadata metadata, int rows)
    {
        int[] shape = [rows, .. metadata.Dimensions.Skip(1).Select(d => Math.Max(d, 1))];
        int count = shape.Aggregate(1, (a, b) => a * b);
        return metadata.ElementType switch
        {
            var t when t == typeof(string) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(Enumerable.Repeat("", count).ToArray(), shape)),
            var t when t == typeof(float) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(shape)),
            var t when t == typeof(uint) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<uint>(shape)),
            var t => throw new NotSupportedException($"The exported model's input '{name}' is of type {t}, which the benchmark does not fill."),
        };
    }

    public void Dispose() => _session.Dispose();
}
