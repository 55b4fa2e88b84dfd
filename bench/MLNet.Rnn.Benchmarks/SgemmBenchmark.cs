using System.Diagnostics;
using System.Globalization;
using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// Stopwatch timing of <see cref="Sgemm.Multiply"/> on the shapes the recurrent layers produce, printed as JSON lines
/// comparable with eng/bench_sgemm_torch.py ("impl":"pytorch").
/// </summary>
/// <remarks>
/// BenchmarkDotNet would take minutes for five shapes; GFLOP/s from the best of a few repeats, each long enough
/// (about 0.1 s) to swamp timer resolution, is what the comparison with OpenBLAS needs.
/// </remarks>
internal static class SgemmBenchmark
{
    /// <summary>(m, n, k, transA, transB): the shapes of one recurrent step and of its backward pass.</summary>
    private static readonly (int M, int N, int K, bool TransA, bool TransB)[] Shapes =
    [
        (1024, 1024, 1024, false, false), // square reference point
        (64, 1024, 256, false, true),     // gates = h(64 x 256) W_hh^T, W_hh stored 1024 x 256
        (64, 256, 1024, false, false),    // dh = dG(64 x 1024) W_hh
        (1024, 256, 2048, true, false),   // dW_hh = dG^T H over 2048 rows (time x batch)
        (32, 1536, 512, false, true),     // GRU-sized step: 3H = 1536, H = 512
    ];

    /// <summary>Times every shape (<paramref name="repeats"/> timed samples after warm-up) and returns one JSON line per shape.</summary>
    public static IEnumerable<string> Run(int repeats = 15, bool allowParallel = true)
    {
        foreach (var (m, n, k, transA, transB) in Shapes)
        {
            var (best, median) = Measure(m, n, k, transA, transB, repeats, allowParallel);
            yield return string.Format(
                CultureInfo.InvariantCulture,
                "{{\"impl\":\"mlnet-rnn\",\"kernel\":\"sgemm\",\"m\":{0},\"n\":{1},\"k\":{2},\"trans\":\"{3}{4}\",\"threads\":{5},\"gflops\":{6:F1},\"gflops_median\":{7:F1}}}",
                m, n, k, transA ? 'T' : 'N', transB ? 'T' : 'N', allowParallel ? ThreadTeam.MaxThreads : 1, best, median);
        }
    }

    private static (double Best, double Median) Measure(int m, int n, int k, bool transA, bool transB, int repeats, bool allowParallel)
    {
        var random = new Random(42);
        float[] a = Fill(random, m * k);
        float[] b = Fill(random, k * n);
        float[] c = new float[m * n];
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        double flops = 2.0 * m * n * k;
        int inner = Math.Max(1, (int)(2e8 / flops));

        void Once() => Sgemm.Multiply(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, allowParallel);

        // Warm up for a fixed time rather than a count: the thread team starts and the caches settle.
        long warmUp = Stopwatch.GetTimestamp();
        do
        {
            Once();
        }
        while (Stopwatch.GetElapsedTime(warmUp).TotalSeconds < 0.3);

        var seconds = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
            {
                Once();
            }

            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / inner;
        }

        Array.Sort(seconds);
        return (flops / seconds[0] / 1e9, flops / seconds[repeats / 2] / 1e9);
    }

    private static float[] Fill(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
