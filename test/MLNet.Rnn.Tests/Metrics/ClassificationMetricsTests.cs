using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn.Tests.Metrics;

[TestClass]
public sealed class ClassificationMetricsTests
{
    // Six examples, three classes. Arg-max of each row and probability of the true class:
    //   truth 0: [0.7, 0.2, 0.1] -> 0 (right), p = 0.7
    //   truth 0: [0.3, 0.6, 0.1] -> 1 (wrong), p = 0.3
    //   truth 1: [0.2, 0.5, 0.3] -> 1 (right), p = 0.5
    //   truth 1: [0.1, 0.8, 0.1] -> 1 (right), p = 0.8
    //   truth 2: [0.2, 0.2, 0.6] -> 2 (right), p = 0.6
    //   truth 2: [0.5, 0.3, 0.2] -> 0 (wrong), p = 0.2
    private static readonly int[] Truth = [0, 0, 1, 1, 2, 2];
    private static readonly float[] Probabilities =
    [
        0.7f, 0.2f, 0.1f,
        0.3f, 0.6f, 0.1f,
        0.2f, 0.5f, 0.3f,
        0.1f, 0.8f, 0.1f,
        0.2f, 0.2f, 0.6f,
        0.5f, 0.3f, 0.2f,
    ];

    // Per class F1 = 2TP / (2TP + FP + FN):
    //   class 0: TP 1, FP 1, FN 1 -> 2/4 = 1/2
    //   class 1: TP 2, FP 1, FN 0 -> 4/5
    //   class 2: TP 1, FP 0, FN 1 -> 2/3
    // Macro F1 = (1/2 + 4/5 + 2/3) / 3 = (15 + 24 + 20) / 90 = 59/90.
    private const double MacroF1 = 59.0 / 90.0;

    // Log-loss = -(ln 0.7 + ln 0.3 + ln 0.5 + ln 0.8 + ln 0.6 + ln 0.2) / 6
    //          = (0.356675 + 1.203973 + 0.693147 + 0.223144 + 0.510826 + 1.609438) / 6 = 4.597203 / 6 = 0.766200.
    private static readonly double LogLoss = -(Math.Log(0.7) + Math.Log(0.3) + Math.Log(0.5) + Math.Log(0.8) + Math.Log(0.6) + Math.Log(0.2)) / 6;

    [TestMethod]
    public void MulticlassExampleMatchesHandComputedValues()
    {
        var m = ClassificationMetrics.Compute(Truth, Probabilities, 3);

        Assert.AreEqual(6, m.Count);
        Assert.AreEqual(3, m.Classes);
        Assert.AreEqual(4.0 / 6.0, m.Accuracy, 1e-12);
        Assert.AreEqual(0.5, m.PerClassF1[0], 1e-12);
        Assert.AreEqual(0.8, m.PerClassF1[1], 1e-12);
        Assert.AreEqual(2.0 / 3.0, m.PerClassF1[2], 1e-12);
        Assert.AreEqual(MacroF1, m.MacroF1, 1e-12);
        Assert.AreEqual(0.766200, LogLoss, 1e-6); // the arithmetic in the comment above
        Assert.AreEqual(LogLoss, m.LogLoss, 1e-6);
        Assert.IsTrue(double.IsNaN(m.Auc), "AUC is only defined for binary problems.");

        int[,] expected = { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 1 } }; // [truth, predicted]
        CollectionAssert.AreEqual(expected, m.ConfusionMatrix);
    }

    [TestMethod]
    public void ClassAbsentFromTruthAndPredictionsGetsZeroAndIsLeftOutOfTheMacroMean()
    {
        // Same rows with a fourth class that gets probability 0 everywhere and never occurs in the truth.
        var probabilities = new float[Truth.Length * 4];
        for (int i = 0; i < Truth.Length; i++)
            Probabilities.AsSpan(i * 3, 3).CopyTo(probabilities.AsSpan(i * 4));

        var m = ClassificationMetrics.Compute(Truth, probabilities, 4);

        Assert.AreEqual(0.0, m.PerClassF1[3]);
        Assert.AreEqual(MacroF1, m.MacroF1, 1e-12); // still 59/90, not (59/30 + 0) / 4
    }

    [TestMethod]
    public void ClassInTruthButNeverPredictedCountsAsZeroInTheMacroMean()
    {
        // truth [0, 1], both predicted 0: class 0 F1 = 2·1/(2 + 1 + 0) = 2/3, class 1 F1 = 0/(0 + 0 + 1) = 0.
        var m = ClassificationMetrics.Compute([0, 1], [0.9f, 0.1f, 0.6f, 0.4f], 2);
        Assert.AreEqual((2.0 / 3.0 + 0) / 2, m.MacroF1, 1e-12);
    }

    [TestMethod]
    public void BinaryLogLossOnATinyExample()
    {
        // truth [1, 0], P(class 1) = [0.9, 0.2]: -(ln 0.9 + ln 0.8) / 2 = (0.1053605 + 0.2231436) / 2 = 0.1642520.
        var m = ClassificationMetrics.ComputeBinary([1, 0], [0.9f, 0.2f]);
        Assert.AreEqual(0.1642520, m.LogLoss, 1e-6);
        Assert.AreEqual(1.0, m.Accuracy);
        Assert.AreEqual(1.0, m.Auc);
    }

    [TestMethod]
    public void LogLossClipsZeroProbabilityTo1e15()
    {
        // The true class gets 0 -> clipped to 1e-15 -> -ln(1e-15) = 15 ln 10 = 34.538776.
        var m = ClassificationMetrics.Compute([0], [0f, 1f], 2);
        Assert.AreEqual(15 * Math.Log(10), m.LogLoss, 1e-9);
        Assert.AreEqual(34.538776, m.LogLoss, 1e-6);
    }

    [TestMethod]
    public void AucCountsTiesAsHalf()
    {
        // Scores sorted: 0.1(neg) 0.35(pos) 0.4(neg) 0.8(pos). Of the 2·2 = 4 (pos, neg) pairs the positive wins
        // (0.35 > 0.1), (0.8 > 0.1), (0.8 > 0.4) and loses (0.35 < 0.4): AUC = 3/4.
        Assert.AreEqual(0.75, RocAuc.Compute([0, 0, 1, 1], [0.1f, 0.4f, 0.35f, 0.8f]), 1e-12);
        // All scores equal: every pair is a tie worth 1/2 -> 0.5.
        Assert.AreEqual(0.5, RocAuc.Compute([0, 1, 0, 1], [0.3f, 0.3f, 0.3f, 0.3f]), 1e-12);
        // One tie among four pairs: pos {0.5, 0.9}, neg {0.5, 0.1}: wins 0.5>0.1, 0.9>0.5, 0.9>0.1, tie 0.5=0.5 -> 3.5/4.
        Assert.AreEqual(0.875, RocAuc.Compute([1, 0, 1, 0], [0.5f, 0.5f, 0.9f, 0.1f]), 1e-12);
        // Perfectly reversed ranking -> 0.
        Assert.AreEqual(0.0, RocAuc.Compute([1, 0], [0.2f, 0.7f]), 1e-12);
    }

    [TestMethod]
    public void BinaryAucFromProbabilityRowsUsesClassOne()
    {
        float[] rows = [0.9f, 0.1f, 0.6f, 0.4f, 0.65f, 0.35f, 0.2f, 0.8f];
        var m = ClassificationMetrics.Compute([0, 0, 1, 1], rows, 2);
        Assert.AreEqual(0.75, m.Auc, 1e-12);
    }

    [TestMethod]
    public void AucIsNaNWhenOnlyOneClassIsPresent()
    {
        Assert.IsTrue(double.IsNaN(RocAuc.Compute([1, 1, 1], [0.2f, 0.5f, 0.9f])));
        Assert.IsTrue(double.IsNaN(ClassificationMetrics.ComputeBinary([0, 0], [0.2f, 0.5f]).Auc));
    }

    [TestMethod]
    public void AccumulatorOverTwoBatchesEqualsOneShot()
    {
        var oneShot = ClassificationMetrics.Compute(Truth, Probabilities, 3);

        var accumulator = new ClassificationMetricsAccumulator(3);
        accumulator.Add(Truth.AsSpan(0, 2), Probabilities.AsSpan(0, 6));
        accumulator.Add(Truth.AsSpan(2), Probabilities.AsSpan(6));
        var batched = accumulator.Compute();

        Assert.AreEqual(oneShot.Count, batched.Count);
        Assert.AreEqual(oneShot.Accuracy, batched.Accuracy);
        Assert.AreEqual(oneShot.MacroF1, batched.MacroF1);
        Bound.Near(batched.LogLoss, oneShot.LogLoss, 1e-12, "batched log-loss");
        CollectionAssert.AreEqual(oneShot.PerClassF1.ToArray(), batched.PerClassF1.ToArray());
        CollectionAssert.AreEqual(oneShot.ConfusionMatrix, batched.ConfusionMatrix);
    }

    [TestMethod]
    public void BinaryAccumulatorKeepsTheExactAucAcrossBatchesAndCompute()
    {
        var accumulator = new ClassificationMetricsAccumulator(2);
        accumulator.AddBinary([0, 0], [0.1f, 0.4f]);
        Assert.IsTrue(double.IsNaN(accumulator.Compute().Auc)); // only negatives so far
        accumulator.AddBinary([1, 1], [0.35f, 0.8f]);
        var m = accumulator.Compute();
        Assert.AreEqual(0.75, m.Auc, 1e-12);
        var oneShot = ClassificationMetrics.ComputeBinary([0, 0, 1, 1], [0.1f, 0.4f, 0.35f, 0.8f]);
        Assert.AreEqual(oneShot.Accuracy, m.Accuracy);
        Bound.Near(m.LogLoss, oneShot.LogLoss, 1e-12, "log-loss");
        CollectionAssert.AreEqual(oneShot.ConfusionMatrix, m.ConfusionMatrix);
    }

    [TestMethod]
    public void ResetForgetsEverything()
    {
        var accumulator = new ClassificationMetricsAccumulator(3);
        accumulator.Add(Truth, Probabilities);
        accumulator.Reset();
        Assert.AreEqual(0, accumulator.Count);
        Assert.ThrowsExactly<InvalidOperationException>(() => accumulator.Compute());
    }

    [TestMethod]
    public void ValidationNamesTheArgument()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.Compute([0, 1], [0.5f, 0.5f, 0.5f], 2));
        Assert.AreEqual("probabilities", e.ParamName);

        e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.Compute([0, 3], [0.5f, 0.5f, 0.5f, 0.5f], 2));
        Assert.AreEqual("truth", e.ParamName);
        StringAssert.Contains(e.Message, "[0, 2)");

        e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.Compute([-1], [0.5f, 0.5f], 2));
        Assert.AreEqual("truth", e.ParamName);

        e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.Compute([0], [1.5f, -0.5f], 2));
        Assert.AreEqual("probabilities", e.ParamName);

        e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.Compute([0], [float.NaN, 0.5f], 2));
        Assert.AreEqual("probabilities", e.ParamName);

        e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.Compute([], [], 2));
        Assert.AreEqual("truth", e.ParamName);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([0], [1f], 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClassificationMetricsAccumulator(0));

        e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.ComputeBinary([0, 2], [0.5f, 0.5f]));
        Assert.AreEqual("truth", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => RocAuc.Compute([0, 1], [0.5f]));
        Assert.AreEqual("scores", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => RocAuc.Compute([0, 1], [0.5f, float.NaN]));
        Assert.AreEqual("scores", e.ParamName);

        Assert.ThrowsExactly<InvalidOperationException>(() => new ClassificationMetricsAccumulator(3).AddBinary([0], [0.5f]));
        Assert.ThrowsExactly<InvalidOperationException>(() => new ClassificationMetricsAccumulator(3).Compute());
    }

    [TestMethod]
    public void FailedAddLeavesTheAccumulatorUnchanged()
    {
        var accumulator = new ClassificationMetricsAccumulator(3);
        accumulator.Add(Truth, Probabilities);
        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add([0, 5], new float[6]));
        Assert.AreEqual(6, accumulator.Count);
        Assert.AreEqual(MacroF1, accumulator.Compute().MacroF1, 1e-12);
    }
}
