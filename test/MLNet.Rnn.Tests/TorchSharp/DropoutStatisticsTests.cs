using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;
using MLNet.Rnn.TorchSharp;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>
/// Dropout obeys the same law on both engines, which draw their masks from different generators and so cannot share
/// one: in training each unit is zeroed with probability p (within a binomial bound) and otherwise scaled by exactly
/// 1/(1-p), so the mean over many masks is the output without dropout; in evaluation nothing is dropped. The models are
/// built so that their logits are the dropped units themselves: an identity head, and for dropout between layers an
/// identity second layer of ReLU units, which passes the first layer's non-negative output through unchanged.
/// </summary>
/// <remarks>
/// Alone: libtorch's dropout draws from its global generator, which the session seeds, and other test classes training
/// on libtorch in parallel would draw from it too, making the masks (and the statistics) depend on timing.
/// </remarks>
[TestClass]
[DoNotParallelize]
public sealed class DropoutStatisticsTests
{
    private const float P = 0.3f;
    private const int Hidden = 8, Draws = 300;

    // Bounds of five standard deviations. Both engines' generators are seeded, so a run is repeatable; over all of a
    // test's bounds, a correct engine would fail about one seed in ten thousand.
    private const double Sigmas = 5;

    private static readonly SequenceBatch Batch = SequenceBatch.FromFeatures(
        [.. new[] { 6, 4, 5 }.Select((length, b) => Enumerable.Range(0, length * 3).Select(i => MathF.Sin(i * 1.3f + b)).ToArray())], 3);

    public static IEnumerable<object[]> Engines() => [["managed"], ["libtorch"]];

    [TestMethod]
    [DynamicData(nameof(Engines))]
    public void HeadDropoutZeroesAFractionPAndScalesTheRestByOneOverOneMinusP(string engine) =>
        AssertDropoutLaw(engine, new SequenceModelOptions
        {
            Mode = RecurrentMode.Lstm, FeatureCount = 3, HiddenSize = Hidden, Head = HeadKind.PerStep, Outputs = Hidden, HeadDropout = P,
        }, identityLayer: null);

    [TestMethod]
    [DynamicData(nameof(Engines))]
    public void DropoutBetweenLayersZeroesAFractionPAndScalesTheRestByOneOverOneMinusP(string engine) =>
        AssertDropoutLaw(engine, new SequenceModelOptions
        {
            Mode = RecurrentMode.RnnRelu, FeatureCount = 3, HiddenSize = Hidden, NumLayers = 2, Head = HeadKind.PerStep, Outputs = Hidden, Dropout = P,
        }, identityLayer: 1);

    private static void AssertDropoutLaw(string engineName, SequenceModelOptions options, int? identityLayer)
    {
        var model = new SequenceModel(options, seed: 2);
        SetIdentity(model, "head.weight", "head.bias");
        if (identityLayer is { } layer)
            SetIdentity(model, $"rnn.weight_ih_l{layer}", $"rnn.bias_ih_l{layer}", $"rnn.weight_hh_l{layer}", $"rnn.bias_hh_l{layer}");
        var engine = engineName == "managed" ? RnnEngine.Managed : TorchSharpEngine.Cpu();
        using var session = engine.StartTraining(model, new TrainerOptions { Seed = 4 });

        session.Training = false;
        var plain = session.Forward(Batch);
        CollectionAssert.AreEqual(plain, session.Forward(Batch), "evaluation drops nothing");
        // Units the layer below left at zero say nothing about the mask (ReLU zeroes some).
        var units = Enumerable.Range(0, plain.Length).Where(i => plain[i] != 0).ToArray();
        Bound.AtLeast(units.Length, plain.Length / 3, "units with a non-zero output");

        session.Training = true;
        double scale = 1 / (1 - (double)P);
        var sums = new double[plain.Length];
        long zeros = 0;
        for (int draw = 0; draw < Draws; draw++)
        {
            var dropped = session.Forward(Batch);
            foreach (int i in units)
            {
                sums[i] += dropped[i];
                if (dropped[i] == 0)
                    zeros++;
                else
                    Bound.Near(dropped[i] / plain[i], scale, 1e-5, $"draw {draw}, unit {i}: a kept unit over its value without dropout");
            }
        }

        long samples = (long)units.Length * Draws;
        Bound.Near(zeros / (double)samples, P, Sigmas * Math.Sqrt(P * (1 - P) / samples), $"fraction of units zeroed over {samples}");
        // Each draw's value over the plain one has mean 1 and variance p/(1-p).
        double meanTolerance = Sigmas * Math.Sqrt(P / (1 - P) / Draws);
        foreach (int i in units)
            Bound.Near(sums[i] / Draws / plain[i], 1, meanTolerance, $"unit {i}: the mean over {Draws} masks over the value without dropout");
    }

    /// <summary>Makes a square weight the identity and each bias zero.</summary>
    private static void SetIdentity(SequenceModel model, string weight, params string[] zeroed)
    {
        var w = model.Parameters[weight];
        Assert.AreEqual(w.Shape[0], w.Shape[1], $"{weight} is square");
        w.Value.Clear();
        for (int i = 0; i < w.Shape[0]; i++)
            w.Value[i * w.Shape[1] + i] = 1;
        foreach (string name in zeroed)
            model.Parameters[name].Value.Clear();
    }
}
