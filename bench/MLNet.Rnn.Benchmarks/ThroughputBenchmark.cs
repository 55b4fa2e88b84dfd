using static System.FormattableString;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// The whole-model throughput suite of <c>shared/bench/cases.json</c> on each engine, and on ONNX Runtime when the
/// case's model was exported, in one run, as <c>shared/bench/torch_peer.py</c> measures PyTorch: training tokens/s
/// (forward, backward, Adam step), inference tokens/s through the engine's serving path, and the median latency of one
/// sequence of min(50, max_len) steps. Every engine gets the same data; each measurement follows a warm-up that waits
/// for the JIT's final code (<see cref="Timing"/>). Within a case the engines run one after the other, in an order that
/// rotates by one engine per round, so that over as many rounds as engines each runs first once and none always finds
/// the machine as the others left it.
/// </summary>
internal static class ThroughputBenchmark
{
    public const int LatencyRepeats = 50;

    /// <param name="rounds">The rounds to run, by number: round r starts with engine (r - 1) mod the number of engines, the managed engine first in round 1.</param>
    public static IEnumerable<string> Run(IReadOnlyList<BenchCase> cases, IReadOnlyList<(string Name, RnnEngine Engine, int Threads)> engines, string onnxFolder,
        int steps, IEnumerable<int> rounds, int threads)
    {
        foreach (int round in rounds)
        {
            foreach (var c in cases)
            {
                var random = new Random(1);
                var batches = Enumerable.Range(0, steps).Select(_ => CaseData.Batch(c, random)).ToList();
                var one = CaseData.One(c, random);
                var measurements = engines.Select(e => (Func<string>)(() => Measure(c, e, batches, one, round)))
                    .Append(() => MeasurePeer(c, onnxFolder, threads, batches, one, round))
                    .ToList();
                int first = (round - 1) % measurements.Count;
                foreach (var measure in measurements[first..].Concat(measurements[..first]))
                    yield return measure();
            }
        }
    }

    private static string Measure(BenchCase c, (string Name, RnnEngine Engine, int Threads) engine, List<CaseData> data, CaseData one, int round)
    {
        var model = new SequenceModel(c.ModelOptions(), seed: 0);
        var batches = data.Select(d => (Inputs: d.ToBatch(), d.Targets)).ToList();
        using var session = engine.Engine.StartTraining(model, new TrainerOptions { Optimizer = "adam", LearningRate = 1e-3f });

        session.Training = true;
        double train = TokensPerSecond(data, i => session.TrainStep(batches[i].Inputs, batches[i].Targets));
        session.Training = false;
        session.ReadWeights(model.Parameters);

        // Predictions come from the engine's serving path, as a transformer's do: the managed engine's model copies, or libtorch.
        var scorer = engine.Engine.CreateScorer(model) ?? new ModelReplicas(model);
        double infer = TokensPerSecond(data, i => scorer.Logits(batches[i].Inputs));
        var oneBatch = one.ToBatch();
        double latency = Timing.MedianMilliseconds(() => scorer.Logits(oneBatch), LatencyRepeats);
        return Line(c, engine.Name, round, engine.Threads, Invariant($"\"train_tokens_per_s\":{train:F0},") + Figures(infer, latency));
    }

    private static string MeasurePeer(BenchCase c, string onnxFolder, int threads, List<CaseData> data, CaseData one, int round)
    {
        using var peer = OnnxRuntimePeer.Open(onnxFolder, c, threads);
        if (peer is null)
            return $"{{\"case\":\"{c.Name}\",\"impl\":\"onnxruntime\",\"round\":{round},\"skipped\":\"no {c.Name}.onnx in {onnxFolder}: run eng/export_onnx_peer.sh\"}}";
        // On the first batch and the latency's sequence: a peer computing another function would not be a peer.
        double difference = PeerAgreement.Check(peer, c, onnxFolder, [data[0], one]);
        var inputs = data.Select(peer.Input).ToList();
        double infer = TokensPerSecond(data, i => peer.Run(inputs[i]));
        var oneInput = peer.Input(one);
        double latency = Timing.MedianMilliseconds(() => peer.Run(oneInput), LatencyRepeats);
        return Line(c, OnnxRuntimePeer.Name, round, peer.Threads, Figures(infer, latency) + Invariant($",\"relative_difference_from_managed\":{difference:0.0E+0}"));
    }

    public static string Line(BenchCase c, string impl, int round, int threads, string figures) =>
        Invariant($"{{\"case\":\"{c.Name}\",\"impl\":\"{impl}\",\"round\":{round},\"threads\":{threads},{figures}}}");

    public static string Figures(double infer, double latency) => Invariant($"\"infer_tokens_per_s\":{infer:F0},\"latency_ms_p50\":{latency:F3}");

    /// <summary>Tokens per second over one pass through the batches, after warming up on them.</summary>
    public static double TokensPerSecond(List<CaseData> data, Action<int> step)
    {
        int next = 0;
        Timing.WarmUp(() => step(next++ % data.Count));
        double milliseconds = 0;
        for (int i = 0; i < data.Count; i++)
            milliseconds += Timing.Milliseconds(() => step(i));
        return data.Sum(d => d.TokenCount) / (milliseconds / 1000);
    }
}
