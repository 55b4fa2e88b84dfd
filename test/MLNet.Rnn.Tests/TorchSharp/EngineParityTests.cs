using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;
using MLNet.Rnn.TorchSharp;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>
/// The TorchSharp engine (libtorch's CPU here) and the managed engine, from the same initial weights, give the same
/// outputs (1e-4 relative), the same gradients (1e-4) and the same weights after 5 optimizer steps (1e-3): every cell,
/// 1 to 3 layers, one or two directions, packed lengths with ties, every head and kind of target.
/// </summary>
[TestClass]
internal sealed class EngineParityTests
{
    // Lengths with ties and a single step, so packing order and the one-step sequence are both exercised.
    private static readonly int[] Lengths = [4, 7, 1, 7, 3];
    private const int Vocabulary = 11, Features = 3, Outputs = 3;

    public static IEnumerable<object[]> Cases()
    {
        var modes = new[] { RecurrentMode.Lstm, RecurrentMode.Gru, RecurrentMode.RnnTanh, RecurrentMode.RnnRelu };
        var heads = new[] { HeadKind.LastHidden, HeadKind.Mean, HeadKind.Max, HeadKind.PerStep };
        var optimizers = new[] { "adam", "sgd", "adamw" };
        int i = 0;
        foreach (var mode in modes)
        {
            foreach (var head in heads)
            {
                // Layers, directions, input kind, loss, optimizer and clipping cycle so each is on and off for every cell and head.
                yield return [mode, head, 1 + i % 3, (i + i / 4) % 2 == 0, i % 4 < 2, i % 5 % 2 == 0, optimizers[i % 3], i % 3 == 1];
                i++;
            }
        }
    }

    public static string Name(System.Reflection.MethodInfo method, object[] row) =>
        $"{row[0]} {row[1]} layers={row[2]} bidirectional={row[3]} tokens={row[4]} classes={row[5]} {row[6]} clip={row[7]}";

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(Name))]
    public void BothEnginesGiveTheSameOutputsGradientsAndWeights(RecurrentMode mode, HeadKind head, int layers, bool bidirectional, bool tokens, bool classes, string optimizer, bool clip) =>
        AssertSameAsManaged(TorchSharpEngine.Cpu(), mode, head, layers, bidirectional, tokens, classes, optimizer, clip);

    [TestMethod]
    public void OnCudaTooWhereThereIsAGpu()
    {
        var cuda = TorchSharpEngine.TryCuda(0, servePredictions: false, out string? unavailable);
        if (cuda is null)
        {
            Assert.Inconclusive($"Not run: {unavailable}.");
            return;
        }
        BothEngines.InFloat32(() =>
        {
            foreach (var row in Cases().Where((_, i) => i % 3 == 0))
                AssertSameAsManaged(cuda, (RecurrentMode)row[0], (HeadKind)row[1], (int)row[2], (bool)row[3], (bool)row[4], (bool)row[5], (string)row[6], (bool)row[7]);
        });
    }

    private static void AssertSameAsManaged(RnnEngine engine, RecurrentMode mode, HeadKind head, int layers, bool bidirectional, bool tokens, bool classes, string optimizer, bool clip)
    {
        var options = new SequenceModelOptions
        {
            Mode = mode, VocabularySize = tokens ? Vocabulary : null, EmbeddingSize = 6, FeatureCount = Features, HiddenSize = 5,
            NumLayers = layers, Bidirectional = bidirectional, Head = head, Outputs = Outputs,
        };
        var trainer = new TrainerOptions { Optimizer = optimizer, LearningRate = 0.01f, Momentum = optimizer == "sgd" ? 0.9f : 0, WeightDecay = 0.01f, ClipGradientNorm = clip ? 0.5 : 0, Seed = 3 };
        var (batch, targets) = Batch(options, tokens, classes, seed: 7);
        var managed = Model(options, tokens);
        var torch = Model(options, tokens);
        using var managedSession = RnnEngine.Managed.StartTraining(managed, trainer);
        using var torchSession = engine.StartTraining(torch, trainer);
        managedSession.Training = torchSession.Training = true;

        AssertClose(managedSession.Forward(batch), torchSession.Forward(batch), 1e-4, "outputs");

        Bound.Near(torchSession.TrainStep(batch, targets), managedSession.TrainStep(batch, targets), 1e-4, "loss of the first step");
        torchSession.ReadGradients(torch.Parameters);
        foreach (var parameter in managed.Parameters.Parameters)
            AssertClose(parameter.Gradient.ToArray(), torch.Parameters[parameter.Name].Gradient.ToArray(), 1e-4, $"gradient of {parameter.Name}");

        for (int step = 2; step <= 5; step++)
        {
            managedSession.TrainStep(batch, targets);
            torchSession.TrainStep(batch, targets);
        }
        torchSession.ReadWeights(torch.Parameters);
        foreach (var parameter in managed.Parameters.Parameters)
            AssertClose(parameter.Value.ToArray(), torch.Parameters[parameter.Name].Value.ToArray(), 1e-3, $"{parameter.Name} after 5 steps");
    }

    [TestMethod]
    public void ALanguageModelCarriesItsStateAlikeOnBothEngines()
    {
        var options = new SequenceModelOptions { Mode = RecurrentMode.Lstm, VocabularySize = Vocabulary, EmbeddingSize = 6, HiddenSize = 5, NumLayers = 2, Head = HeadKind.PerStep, Outputs = Vocabulary };
        var trainer = new TrainerOptions { LearningRate = 0.01f, ClipGradientNorm = 1, Seed = 3 };
        var managed = new SequenceModel(options, seed: 5);
        var torch = new SequenceModel(options, seed: 5);
        using var managedSession = RnnEngine.Managed.StartTraining(managed, trainer);
        using var torchSession = TorchSharpEngine.Cpu().StartTraining(torch, trainer);
        var random = new Random(4);
        for (int window = 0; window < 4; window++)
        {
            var streams = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 6).Select(_ => random.Next(Vocabulary)).ToArray()).ToArray();
            var batch = SequenceBatch.FromTokens(streams);
            var next = new int[batch.Layout.TotalRows];
            SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => next[row] = (streams[b][t] + 1) % Vocabulary);
            var targets = new BatchTargetValues(next, null);
            Bound.Near(torchSession.TrainStep(batch, targets, carryState: true), managedSession.TrainStep(batch, targets, carryState: true), 1e-4, $"loss of window {window}");
        }
        AssertClose(managedSession.Forward(SequenceBatch.FromTokens([[1, 2, 3]]), carryState: false), torchSession.Forward(SequenceBatch.FromTokens([[1, 2, 3]]), carryState: false), 1e-3, "outputs after training");
    }

    private static SequenceModel Model(SequenceModelOptions options, bool tokens)
    {
        var model = new SequenceModel(options, seed: 11);
        if (!tokens)
            model.Normalizer = new Standardizer([0.1f, -0.2f, 0.3f], [1.5f, 0.5f, 2f]);
        return model;
    }

    private static (SequenceBatch Batch, BatchTargetValues Targets) Batch(SequenceModelOptions options, bool tokens, bool classes, int seed)
    {
        var random = new Random(seed);
        var batch = tokens
            ? SequenceBatch.FromTokens(Lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(Vocabulary)).ToArray()).ToArray())
            : SequenceBatch.FromFeatures(Lengths.Select(n => Enumerable.Range(0, n * Features).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray()).ToArray(), Features);
        int rows = options.Head == HeadKind.PerStep ? batch.Layout.TotalRows : Lengths.Length;
        return (batch, classes
            ? new BatchTargetValues(Enumerable.Range(0, rows).Select(_ => random.Next(Outputs)).ToArray(), null)
            : new BatchTargetValues(null, Enumerable.Range(0, rows * Outputs).Select(_ => (float)random.NextDouble()).ToArray()));
    }

    /// <summary>||actual - expected|| / ||expected|| at most <paramref name="tolerance"/> (absolute for a zero reference).</summary>
    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        double difference = 0, reference = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            difference += Math.Pow(actual[i] - expected[i], 2);
            reference += Math.Pow(expected[i], 2);
        }
        double error = Math.Sqrt(difference) / Math.Max(Math.Sqrt(reference), 1e-6);
        Bound.AtMost(error, tolerance, $"{what}: relative error");
    }
}
