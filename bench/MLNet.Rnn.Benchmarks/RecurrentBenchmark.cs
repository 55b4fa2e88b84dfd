using System.Globalization;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// Forward and forward+backward time of the recurrent module of each throughput case, on one packed batch,
/// printed as JSON lines comparable with eng/bench_recurrent_torch.py.
/// </summary>
internal static class RecurrentBenchmark
{
    public static IEnumerable<string> Run(IEnumerable<BenchCase> cases, int repeats)
    {
        foreach (var c in cases)
        {
            var module = Create(c);
            var rng = new Rng(1);
            int[] lengths = c.Lengths();
            var input = PackedSequence.Zeros(lengths, c.Input);
            rng.FillNormal(input.Data);
            int width = module.Directions * c.Hidden;
            var gradOutput = input.WithData(new float[input.TotalRows * width], width);
            rng.FillNormal(gradOutput.Data);
            var gradHn = Tensor.Zeros(c.Layers * module.Directions, c.Batch, c.Hidden);
            rng.FillNormal(gradHn.Data);

            module.Training = false;
            double forward = Timing.MedianMilliseconds(() => module.Forward(input), repeats);
            module.Training = true;
            double forwardBackward = Timing.MedianMilliseconds(() =>
            {
                module.Forward(input);
                module.Backward(gradOutput, gradHn);
            }, repeats);
            int tokens = input.TotalRows;
            yield return string.Format(CultureInfo.InvariantCulture,
                "{{\"impl\":\"mlnet-rnn\",\"case\":\"{0}\",\"threads\":{1},\"tokens\":{2},\"forward_ms\":{3:F2},\"forward_backward_ms\":{4:F2},\"forward_gflops\":{5:F1},\"forward_backward_gflops\":{6:F1}}}",
                c.Name, ThreadTeam.MaxThreads, tokens, forward, forwardBackward,
                Flops(c, tokens) / forward / 1e6, 3 * Flops(c, tokens) / forwardBackward / 1e6);
        }
    }

    private static RecurrentModule Create(BenchCase c) => c.Cell switch
    {
        "lstm" => new Lstm(c.Input, c.Hidden, c.Layers, bidirectional: c.Bidirectional),
        "gru" => new Gru(c.Input, c.Hidden, c.Layers, bidirectional: c.Bidirectional),
        "rnn" => new Nn.Rnn(c.Input, c.Hidden, c.Layers, bidirectional: c.Bidirectional),
        _ => throw new ArgumentException($"Unknown cell '{c.Cell}' in case {c.Name}."),
    };

    /// <summary>Forward GEMM flops (2 per multiply-add) of input projections and recurrent products; backward is about twice this.</summary>
    private static double Flops(BenchCase c, int tokens)
    {
        int gates = c.Cell switch { "lstm" => 4, "gru" => 3, _ => 1 } * c.Hidden;
        int directions = c.Bidirectional ? 2 : 1;
        double perToken = 0;
        for (int layer = 0; layer < c.Layers; layer++)
        {
            int input = layer == 0 ? c.Input : directions * c.Hidden;
            perToken += directions * 2.0 * gates * (input + c.Hidden);
        }
        return perToken * tokens;
    }
}
