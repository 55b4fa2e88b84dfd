using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// ONNX Runtime (CPU) serving the case's model exported from PyTorch (<c>eng/export_onnx_peer.sh</c>): padded batches,
/// since the exported models do not pack, with only real tokens counted, as <c>shared/bench/ort_peer/bench.js</c> does.
/// </summary>
internal sealed class OnnxRuntimePeer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BenchCase _case;

    private OnnxRuntimePeer(string path, BenchCase c, int threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads, InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(path, options);
        _case = c;
    }

    public static string Name => "onnxruntime-" + OrtEnv.Instance().GetVersionString();

    /// <summary>The peer for <paramref name="c"/>, or null when its model has not been exported to <paramref name="folder"/>.</summary>
    public static OnnxRuntimePeer? Open(string folder, BenchCase c, int threads)
    {
        string path = Path.Combine(folder, c.Name + ".onnx");
        return File.Exists(path) ? new OnnxRuntimePeer(path, c, threads) : null;
    }

    /// <summary>Scores an input from <see cref="Input"/>.</summary>
    public void Run(NamedOnnxValue input)
    {
        using var results = _session.Run([input]);
    }

    /// <summary><paramref name="data"/> padded to its longest sequence, built before timing as the other engines' batches are.</summary>
    public NamedOnnxValue Input(CaseData data)
    {
        int batch = data.Count, steps = Enumerable.Range(0, batch).Max(data.LengthOf);
        if (data.Tokens is { } tokens)
        {
            var ids = new DenseTensor<long>([batch, steps]);
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < tokens[b].Length; t++)
                    ids[b, t] = tokens[b][t];
            return NamedOnnxValue.CreateFromTensor("x", ids);
        }
        var values = new DenseTensor<float>([batch, steps, _case.Input]);
        for (int b = 0; b < batch; b++)
            data.Features![b].CopyTo(values.Buffer.Span.Slice(b * steps * _case.Input));
        return NamedOnnxValue.CreateFromTensor("x", values);
    }

    public void Dispose() => _session.Dispose();
}
