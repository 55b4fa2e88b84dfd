using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn.Tests.Metrics;

[TestClass]
public sealed class RegressionMetricsTests
{
    // truth [1, 2, 3, 4], predictions [1.5, 2, 2, 5]: errors 0.5, 0, -1, 1.
    //   MAE  = (0.5 + 0 + 1 + 1) / 4 = 0.625
    //   MSE  = (0.25 + 0 + 1 + 1) / 4 = 0.5625, RMSE = 0.75
    //   R²   = 1 - 2.25 / Σ(t - 2.5)² = 1 - 2.25 / (2.25 + 0.25 + 0.25 + 2.25) = 1 - 2.25 / 5 = 0.55
    private static readonly float[] Truth = [1f, 2f, 3f, 4f];
    private static readonly float[] Predictions = [1.5f, 2f, 2f, 5f];

    [TestMethod]
    public void MatchesHandComputedValues()
    {
        var m = RegressionMetrics.Compute(Truth, Predictions);
        Assert.AreEqual(4, m.Count);
        Assert.AreEqual(0.75, m.Rmse, 1e-12);
        Assert.AreEqual(0.625, m.Mae, 1e-12);
        Assert.AreEqual(0.55, m.RSquared, 1e-12);
    }

    [TestMethod]
    public void ConstantTruthFollowsSklearnForceFinite()
    {
        Assert.AreEqual(1.0, RegressionMetrics.Compute([2f, 2f], [2f, 2f]).RSquared);
        Assert.AreEqual(0.0, RegressionMetrics.Compute([2f, 2f], [2f, 3f]).RSquared);
    }

    [TestMethod]
    public void AccumulatorOverTwoBatchesEqualsOneShot()
    {
        var accumulator = new RegressionMetricsAccumulator();
        accumulator.Add(Truth.AsSpan(0, 1), Predictions.AsSpan(0, 1));
        accumulator.Add(Truth.AsSpan(1), Predictions.AsSpan(1));
        var batched = accumulator.Compute();
        var oneShot = RegressionMetrics.Compute(Truth, Predictions);
        Assert.AreEqual(oneShot.Count, batched.Count);
        Bound.Near(batched.Rmse, oneShot.Rmse, 1e-12, "batched RMSE");
        Bound.Near(batched.Mae, oneShot.Mae, 1e-12, "batched MAE");
        Bound.Near(batched.RSquared, oneShot.RSquared, 1e-12, "batched R2");
    }

    [TestMethod]
    public void RSquaredStaysAccurateWithALargeOffset()
    {
        // Same example shifted by 1e6 (exact in float): errors, hence RMSE, MAE and R², are unchanged.
        float[] truth = [.. Truth.Select(t => t + 1e6f)];
        float[] predictions = [.. Predictions.Select(p => p + 1e6f)];
        var accumulator = new RegressionMetricsAccumulator();
        accumulator.Add(truth.AsSpan(0, 3), predictions.AsSpan(0, 3));
        accumulator.Add(truth.AsSpan(3), predictions.AsSpan(3));
        Assert.AreEqual(0.55, accumulator.Compute().RSquared, 1e-9);
    }

    [TestMethod]
    public void ValidationNamesTheArgument()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => RegressionMetrics.Compute([1f, 2f], [1f]));
        Assert.AreEqual("predictions", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => RegressionMetrics.Compute([], []));
        Assert.AreEqual("truth", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => RegressionMetrics.Compute([float.NaN], [1f]));
        Assert.AreEqual("truth", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => RegressionMetrics.Compute([1f], [float.PositiveInfinity]));
        Assert.AreEqual("predictions", e.ParamName);
        Assert.ThrowsExactly<InvalidOperationException>(() => new RegressionMetricsAccumulator().Compute());
    }
}
