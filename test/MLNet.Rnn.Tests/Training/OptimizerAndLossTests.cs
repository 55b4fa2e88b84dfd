using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;
using MLNet.Rnn.Training.Optimizers;

namespace MLNet.Rnn.Tests.Training;

[TestClass]
public sealed class OptimizerAndLossTests
{
    private static ParameterStore Store(float value, float gradient)
    {
        var store = new ParameterStore();
        store.Add("w", 1);
        store.Values[0] = value;
        store.Gradients[0] = gradient;
        return store;
    }

    [TestMethod]
    public void SgdWithMomentumFollowsPyTorch()
    {
        // buf1 = g + wd p = 1 + 0.1 * 2 = 1.2; p1 = 2 - 0.5 * 1.2 = 1.4
        // g2 = 1 + 0.1 * 1.4 = 1.14; buf2 = 0.9 * 1.2 + 1.14 = 2.22; p2 = 1.4 - 0.5 * 2.22 = 0.29
        var store = Store(2, 1);
        var sgd = new Sgd(store, 0.5f, momentum: 0.9f, weightDecay: 0.1f);
        sgd.Step();
        Assert.AreEqual(1.4f, store.Values[0], 1e-6f);
        sgd.Step();
        Assert.AreEqual(0.29f, store.Values[0], 1e-6f);
    }

    [TestMethod]
    public void AdamFirstStepMovesByTheLearningRate()
    {
        // With bias correction, step 1 is lr * g / (|g| + eps * ...) = lr * sign(g).
        var store = Store(1, -3);
        new Adam(store, 0.01f).Step();
        Assert.AreEqual(1.01f, store.Values[0], 1e-6f);
    }

    [TestMethod]
    public void AdamWDecaysWeightsDirectly()
    {
        // p = 1 * (1 - 0.1 * 0.5) - 0.1 * sign(g) = 0.95 - 0.1
        var store = Store(1, 2);
        new AdamW(store, 0.1f, weightDecay: 0.5f).Step();
        Assert.AreEqual(0.85f, store.Values[0], 1e-6f);
    }

    [TestMethod]
    public void ClippingScalesToTheMaximumNorm()
    {
        float[] g = [3, 4];
        Assert.AreEqual(5, GradientClipping.ClipGlobalNorm(g, 1), 1e-9);
        Assert.AreEqual(0.6f, g[0], 1e-5f);
        Assert.AreEqual(0.8f, g[1], 1e-5f);
        float[] small = [0.3f, 0.4f];
        GradientClipping.ClipGlobalNorm(small, 1);
        CollectionAssert.AreEqual(new[] { 0.3f, 0.4f }, small);
    }

    [TestMethod]
    public void CrossEntropyGradientMatchesFiniteDifferences()
    {
        var logits = new float[12];
        new Rng(1).FillNormal(logits);
        int[] targets = [2, 0, 3];
        var grad = new float[12];
        double loss = Losses.CrossEntropy(logits, 4, targets, grad);
        Bound.Above(loss, 0, "loss");
        var scratch = new float[12];
        for (int i = 0; i < logits.Length; i++)
        {
            float saved = logits[i];
            logits[i] = saved + 1e-3f;
            double plus = Losses.CrossEntropy(logits, 4, targets, scratch);
            logits[i] = saved - 1e-3f;
            double minus = Losses.CrossEntropy(logits, 4, targets, scratch);
            logits[i] = saved;
            Bound.Near(grad[i], (plus - minus) / 2e-3, 1e-3, $"gradient of logit {i}");
        }
        Assert.ThrowsExactly<ArgumentException>(() => Losses.CrossEntropy(logits, 4, [2, 0, 4], grad));
    }

    [TestMethod]
    public void MeanSquaredErrorAndGradient()
    {
        var grad = new float[2];
        Assert.AreEqual(2.5, Losses.MeanSquaredError([1, 4], [2, 2], grad), 1e-9);
        CollectionAssert.AreEqual(new[] { -1f, 2f }, grad);
    }

    [TestMethod]
    public void SchedulesGiveTheDocumentedFactors()
    {
        var step = LearningRateSchedule.Step(everyEpochs: 2, gamma: 0.5);
        Assert.AreEqual(1, step.Factor(0, 1, 100));
        Assert.AreEqual(0.25, step.Factor(0, 4, 100));
        var cosine = LearningRateSchedule.CosineWithWarmup(warmupSteps: 4, finalFactor: 0.1);
        Assert.AreEqual(0.25, cosine.Factor(0, 0, 14), 1e-9);
        Assert.AreEqual(1, cosine.Factor(4, 0, 14), 1e-9);
        // Step 8 of 14: progress (8 - 4) / (14 - 4 - 1) = 4/9; 0.1 + 0.9 * (1 + cos(4 pi / 9)) / 2 = 0.62814.
        Assert.AreEqual(0.62814, cosine.Factor(8, 0, 14), 1e-5);
        Assert.AreEqual(0.1, cosine.Factor(13, 0, 14), 1e-9);
    }
}
