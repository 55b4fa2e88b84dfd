using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Regression and forecasting targets far from zero, as real series are: standardised inside by default.</summary>
[TestClass]
public sealed class TargetScalingTests
{
    // A weekly series around 360 with a spread of about 40, in the shape that failed before targets were standardised.
    private const float Level = 360, Scale = 50;

    [TestMethod]
    public void TargetsFarFromZeroAreLearnedAndPredictedInTheirUnits()
    {
        var ml = new MLContext(seed: 10);
        var windows = ml.Data.LoadFromEnumerable(TestRows.Sines(400, Level, Scale));
        var train = ml.Data.TakeRows(windows, 320);
        var test = ml.Data.SkipRows(windows, 320);

        var model = ml.Forecasting.ForecastByRnn(epochs: 25).Fit(train);
        var scored = model.Transform(test);

        var metrics = ml.Forecasting.EvaluateForecast(scored);
        Bound.Below(metrics.Regression.RootMeanSquaredError, 0.1 * Scale, "RMSE");
        Bound.Above(metrics.Regression.RSquared, 0.99, "R2");
        FreshProcess.AssertSameScores(ml, model, test, scored, "Score");
    }

    [TestMethod]
    public void WithoutTargetScalingTheHeadStartsFarFromTheTargetsAndTheLogSaysSo()
    {
        var ml = new MLContext(seed: 10);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        var windows = ml.Data.LoadFromEnumerable(TestRows.Sines(100, Level, Scale));

        var unscaled = ml.Forecasting.ForecastByRnn(epochs: 3).Options with { NormalizeTargets = false };
        var model = ml.Transforms.Rnn(unscaled).Fit(windows);

        Assert.IsTrue(messages.Any(m => m.StartsWith("Label 'Target' has mean 3", StringComparison.Ordinal) && m.Contains("Set NormalizeTargets = true", StringComparison.Ordinal)),
            string.Join("\n", messages));
        var metrics = ml.Forecasting.EvaluateForecast(model.Transform(windows));
        Bound.Below(metrics.Regression.RSquared, 0, "R2 after three epochs on raw targets, far from them: the reason for the warning");
    }
}
