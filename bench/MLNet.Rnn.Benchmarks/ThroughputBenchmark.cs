using System.Diagnostics;
using System.Globalization;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// The whole-model throughput suite of <c>shared/bench/cases.json</c> on each engine in one run, as
/// <c>shared/bench/torch_peer.py</c> measures PyTorch: training tokens/s (forward, backward, Adam step), inference
/// tokens/s, and the median latency of one sequence of min(50, max_len) steps. Engines alternate within each round.
/// </summary>
public static class ThroughputBenchmark
{
    private const int WarmUpSteps = 5, LatencyRepeats = 50;

    public static IEnumerable<string> Run(IReadOnlyList<BenchCase> cases, IReadOnlyList<(string Name, RnnEngine Engine)> engines, int steps, int rounds)
    {
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var c in cases)
            {
                // Every other round starts with the other engine, so neither always runs on a warmer machine.
                var order = round % 2 == 1 ? engines : engines.Reverse().ToList();
                foreach (var (name, engine) in order)
                    yield return Measure(c, name, engine, steps, round);
            }
        }
    }

    private static string Measure(BenchCase c, string impl, RnnEngine engine, int steps, int round)
    {
        var model = new SequenceModel(new SequenceModelOptions
        {
            Mode = c.Cell switch { "lstm" => RecurrentMode.Lstm, "gru" => RecurrentMode.Gru, _ => RecurrentMode.RnnTanh },
            VocabularySize = c.Vocabulary, EmbeddingSize = c.Input, FeatureCount = c.Input, HiddenSize = c.Hidden, NumLayers = c.Layers,
            Bidirectional = c.Bidirectional, Head = c.PerStep ? HeadKind.PerStep : HeadKind.LastHidden, Outputs = c.Outputs,
        }, seed: 0);
        var random = new Random(1);
        var batches = Enumerable.Range(0, steps + WarmUpSteps).Select(_ => Batch(c, random)).ToList();
        using var session = engine.StartTraining(model, new TrainerOptions { Optimizer = "adam", LearningRate = 1e-3f });

        session.Training = true;
        double train = TokensPerSecond(batches, batch => session.TrainStep(batch.Inputs, batch.Targets));
        session.Training = false;
        double infer = TokensPerSecond(batches, batch => session.Forward(batch.Inputs));
        var one = LatencyInput(c, random);
        for (int i = 0; i < 10; i++)
            session.Forward(one);
        var times = new double[LatencyRepeats];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            session.Forward(one);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return string.Format(CultureInfo.InvariantCulture,
            "{{\"case\":\"{0}\",\"impl\":\"{1}\",\"round\":{2},\"threads\":{3},\"train_tokens_per_s\":{4:F0},\"infer_tokens_per_s\":{5:F0},\"latency_ms_p50\":{6:F3}}}",
            c.Name, impl, round, Environment.ProcessorCount, train, infer, times[times.Length / 2]);
    }

    /// <summary>Tokens per second over the batches after the warm-up ones.</summary>
    private static double TokensPerSecond(List<(SequenceBatch Inputs, BatchTargetValues Targets)> batches, Action<(SequenceBatch Inputs, BatchTargetValues Targets)> step)
    {
        long tokens = 0, start = 0;
        for (int i = 0; i < batches.Count; i++)
        {
            if (i == WarmUpSteps)
                start = Stopwatch.GetTimestamp();
            step(batches[i]);
            if (i >= WarmUpSteps)
                tokens += batches[i].Inputs.Layout.TotalRows;
        }
        return tokens / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>A random batch of the case's shape: lengths uniform in [min, max], tokens or features, classes or values.</summary>
    private static (SequenceBatch Inputs, BatchTargetValues Targets) Batch(BenchCase c, Random random)
    {
        var lengths = Enumerable.Range(0, c.Batch).Select(_ => random.Next(c.MinLength, c.MaxLength + 1)).ToArray();
        var inputs = Inputs(c, lengths, random);
        int rows = c.PerStep ? inputs.Layout.TotalRows : c.Batch;
        return (inputs, c.Outputs > 1
            ? new BatchTargetValues(Enumerable.Range(0, rows).Select(_ => random.Next(c.Outputs)).ToArray(), null)
            : new BatchTargetValues(null, Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble()).ToArray()));
    }

    private static SequenceBatch LatencyInput(BenchCase c, Random random) => Inputs(c, [Math.Min(50, c.MaxLength)], random);

    private static SequenceBatch Inputs(BenchCase c, int[] lengths, Random random) => c.Vocabulary is { } vocabulary
        ? SequenceBatch.FromTokens(lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(vocabulary)).ToArray()).ToArray())
        : SequenceBatch.FromFeatures(lengths.Select(n => Enumerable.Range(0, n * c.Input).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray(), c.Input);
}
