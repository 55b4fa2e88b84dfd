using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Training;

[TestClass]
public sealed class ForecastingTests
{
    [TestMethod]
    public void WindowsPairHistoryWithTheNextValues()
    {
        // Two features per step: (t, 10 t). Forecast the second feature 2 steps ahead from 3 steps of history.
        float[] series = Enumerable.Range(0, 6).SelectMany(t => new float[] { t, 10 * t }).ToArray();
        var data = SlidingWindows.Create(series, featureCount: 2, history: 3, horizon: 2, targetFeature: 1);
        Assert.AreEqual(2, data.Count);
        CollectionAssert.AreEqual(new float[] { 0, 0, 1, 10, 2, 20 }, data.Features![0]);
        CollectionAssert.AreEqual(new float[] { 30, 40 }, data.Values![0]);
        CollectionAssert.AreEqual(new float[] { 40, 50 }, data.Values![1]);
        Assert.ThrowsExactly<ArgumentException>(() => SlidingWindows.Create(series, 2, history: 5, horizon: 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SlidingWindows.Create(series, 2, 3, targetFeature: 2));
    }

    [TestMethod]
    public void LearnsToForecastSeveralStepsAhead()
    {
        // A noiseless mix of two sines: the next three values follow from the last few.
        float[] series = Enumerable.Range(0, 600).Select(t => (float)(Math.Sin(t * 0.3) + 0.5 * Math.Sin(t * 0.11))).ToArray();
        var train = SlidingWindows.Create(series.AsSpan(0, 480), 1, history: 16, horizon: 3);
        var test = SlidingWindows.Create(series.AsSpan(480), 1, history: 16, horizon: 3);
        var model = new SequenceModel(new SequenceModelOptions { Mode = RecurrentMode.Gru, FeatureCount = 1, HiddenSize = 32, Head = HeadKind.LastHidden, Outputs = 3 }, 2);
        var trainer = new SequenceTrainer(model, new TrainerOptions { Epochs = 30, BatchSize = 32, LearningRate = 0.01f, Seed = 1 });
        trainer.Fit(train);
        var evaluation = trainer.Evaluate(test);
        // The series' standard deviation is about 0.79: predicting its mean would score that.
        Bound.Below(evaluation.Regression!.Rmse, 0.1, $"RMSE ({evaluation})");
    }

    [TestMethod]
    public void TargetsAreStandardisedForTheHeadAndEvaluatedInTheirUnits()
    {
        // The same series around 360 with a spread of about 40: the head learns it in standard units.
        float[] series = Enumerable.Range(0, 600).Select(t => (float)(360 + 50 * (Math.Sin(t * 0.3) + 0.5 * Math.Sin(t * 0.11)))).ToArray();
        var train = SlidingWindows.Create(series.AsSpan(0, 480), 1, history: 16, horizon: 3);
        var test = SlidingWindows.Create(series.AsSpan(480), 1, history: 16, horizon: 3);
        var model = new SequenceModel(new SequenceModelOptions { Mode = RecurrentMode.Gru, FeatureCount = 1, HiddenSize = 32, Head = HeadKind.LastHidden, Outputs = 3 }, 2);
        var trainer = new SequenceTrainer(model, new TrainerOptions { Epochs = 30, BatchSize = 32, LearningRate = 0.01f, Seed = 1 });

        trainer.Fit(train);

        var targets = model.TargetNormalizer!;
        Assert.AreEqual(360, targets.Means[0], 5);
        Assert.AreEqual(40, targets.Deviations[0], 5);
        Bound.Below(trainer.Evaluate(test).Regression!.Rmse, 0.1 * 50, "RMSE, in the targets' units");
        var outputs = model.Forward(SequenceBatch.FromFeatures([test.Features![0]], 1)).Logits;
        Bound.Below(Math.Abs(outputs[0]), 3, "the head's output, in standard units");
        model.ToTargetUnits(outputs);
        Assert.AreEqual(test.Values![0][0], outputs[0], 5);
    }
}
