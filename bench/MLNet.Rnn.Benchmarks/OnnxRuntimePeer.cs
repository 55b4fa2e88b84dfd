using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// ONNX Runtime (CPU) serving the case's model exported from PyTorch (<c>eng/export_onnx_peer.sh</c>): padded batches,
/// since the exported models do not pack, with only real tokens counted, as <c>shared/bench/ort_peer/bench.js</c> does.
/// Each batch goes with its sequences' lengths (<c>lens</c>), without which the reverse direction of a bidirectional
/// model would start in the padding and compute another function than the packed model's.
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
        Threads = threads;
        if (!_session.InputMetadata.ContainsKey("lens"))
        {
            _session.Dispose();
            throw new InvalidOperationException($"{path} takes no lengths (lens): it was exported without python3-onnx. Install it and run eng/export_onnx_peer.sh again.");
        }
    }

    public static string Name => "onnxruntime-" + OrtEnv.Instance().GetVersionString();

    /// <summary>ONNX Runtime's intra-op threads.</summary>
    public int Threads { get; }

    /// <summary>The peer for <paramref name="c"/>, or null when its model has not been exported to <paramref name="folder"/>.</summary>
    public static OnnxRuntimePeer? Open(string folder, BenchCase c, int threads)
    {
        string path = Path.Combine(folder, c.Name + ".onnx");
        return File.Exists(path) ? new OnnxRuntimePeer(path, c, threads) : null;
    }

    /// <summary>Scores an input from <see cref="Input"/>.</summary>
    public void Run(IReadOnlyCollection<NamedOnnxValue> input)
    {
        using var results = _session.Run(input);
    }

    /// <summary>The output <c>y</c> of an input from <see cref="Input"/>: (batch, steps, outputs) for per-step heads, else (batch, outputs).</summary>
    public float[] Scores(IReadOnlyCollection<NamedOnnxValue> input)
    {
        using var results = _session.Run(input);
        return [.. results.Single().AsEnumerable<float>()];
    }

    /// <summary>
    /// <paramref name="data"/> padded to its longest sequence, and its lengths, built before timing as the other engines'
    /// batches are.
    /// </summary>
    public NamedOnnxValue[] Input(CaseData data)
    {
        int batch = data.Count, steps = Enumerable.Range(0, batch).Max(data.LengthOf);
        var lens = NamedOnnxValue.CreateFromTensor("lens", new DenseTensor<int>(Enumerable.Range(0, batch).Select(data.LengthOf).ToArray(), [batch]));
        if (data.Tokens is { } tokens)
        {
            var ids = new DenseTensor<long>([batch, steps]);
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < tokens[b].Length; t++)
                    ids[b, t] = tokens[b][t];
            return [NamedOnnxValue.CreateFromTensor("x", ids), lens];
        }
        var values = new DenseTensor<float>([batch, steps, _case.Input]);
        for (int b = 0; b < batch; b++)
            data.Features![b].CopyTo(values.Buffer.Span.Slice(b * steps * _case.Input));
        return [NamedOnnxValue.CreateFromTensor("x", values), lens];
    }

    public void Dispose() => _session.Dispose();
}
