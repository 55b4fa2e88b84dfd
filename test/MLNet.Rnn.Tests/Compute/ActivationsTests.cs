using System.Numerics;
using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests.Compute;

[TestClass]
public sealed class ActivationsTests
{
    // Magnitudes from 1e-6 to 100 with both signs, where the gate kernels meet them.
    private static float[] Inputs()
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, 200_000).Select(_ => (float)((random.Next(2) * 2 - 1) * Math.Pow(10, random.NextDouble() * 8 - 6)))];
    }

    [TestMethod]
    public void ExpIsWithinTwoUlpWhereItIsNormal()
    {
        var x = Inputs().Where(v => v is > -87.33f and < 88f).ToArray();
        var worst = Worst(x, v => Activations.Exp(v), Math.Exp, relative: true);
        Bound.Below(worst.Error, 2 * 1.2e-7, $"relative error of e^{worst.X}");
    }

    [TestMethod]
    public void SigmoidAndTanhMatchDoublePrecision()
    {
        var x = Inputs();
        var sigmoid = Worst(x, Activations.Sigmoid, v => 1 / (1 + Math.Exp(-v)), relative: false);
        Bound.Below(sigmoid.Error, 1.2e-7, $"error of sigmoid({sigmoid.X})");
        // Relative for tanh: near 0 it is x itself, and a kernel must not flush small values to 0.
        var tanh = Worst(x, Activations.Tanh, Math.Tanh, relative: true);
        Bound.Below(tanh.Error, 2.5e-7, $"relative error of tanh({tanh.X})");
    }

    [TestMethod]
    public void SaturateWithoutOverflowAndKeepNaN()
    {
        var x = new Vector<float>([-1e4f, -100f, 100f, 1e4f, float.NegativeInfinity, float.PositiveInfinity, float.NaN, 0f, .. new float[Math.Max(0, Vector<float>.Count - 8)]]);
        var sigmoid = Activations.Sigmoid(x);
        var tanh = Activations.Tanh(x);
        float[] expectedSigmoid = [0f, 0f, 1f, 1f, 0f, 1f, float.NaN, 0.5f], expectedTanh = [-1f, -1f, 1f, 1f, -1f, 1f, float.NaN, 0f];
        for (int i = 0; i < 8; i++)
        {
            Assert.AreEqual(expectedSigmoid[i], sigmoid[i], 1e-38f, $"sigmoid({x[i]})");
            Assert.AreEqual(expectedTanh[i], tanh[i], $"tanh({x[i]})");
        }
    }

    [TestMethod]
    public void SpanFormIsTheVectorFormWithAnAccurateTail()
    {
        // A length that leaves a partial vector: its values take the scalar form.
        var x = Inputs().Take(8 * Vector<float>.Count + 3).ToArray();
        var y = new float[x.Length];
        Activations.Tanh(x, y);
        int whole = x.Length / Vector<float>.Count * Vector<float>.Count;
        for (int i = 0; i < whole; i += Vector<float>.Count)
            CollectionAssert.AreEqual(Enumerable.Range(0, Vector<float>.Count).Select(l => Activations.Tanh(new Vector<float>(x, i))[l]).ToArray(), y[i..(i + Vector<float>.Count)]);
        for (int i = whole; i < x.Length; i++)
            Assert.AreEqual(Math.Tanh(x[i]), y[i], 1.2e-7 * Math.Abs(Math.Tanh(x[i])), $"tanh({x[i]})");
    }

    [TestMethod]
    public void TheWorstErrorScanKeepsANaNError()
    {
        // The kernel gives NaN at x = 3 and ever larger errors after it: NaN must stay the worst, and fail the bound.
        float[] x = [.. Enumerable.Range(1, 2 * Vector<float>.Count).Select(i => (float)i)];
        var worst = Worst(x, v => Vector.ConditionalSelect(Vector.Equals(v, new Vector<float>(3)), new Vector<float>(float.NaN), 2 * v), v => v, relative: false);

        Assert.IsTrue(double.IsNaN(worst.Error), $"worst error {worst.Error} at {worst.X}");
        Assert.AreEqual(3f, worst.X);
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Below(worst.Error, 1, "error"));
    }

    /// <summary>The largest error of <paramref name="f"/> over <paramref name="x"/>, and where; a NaN error is the largest of all.</summary>
    private static (double Error, float X) Worst(float[] x, Func<Vector<float>, Vector<float>> f, Func<double, double> exact, bool relative)
    {
        (double Error, float X) worst = (0, 0);
        for (int i = 0; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
        {
            var y = f(new Vector<float>(x, i));
            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                double truth = exact(x[i + lane]), error = Math.Abs(y[lane] - truth) / (relative ? Math.Abs(truth) : 1);
                // "error > worst" alone is false for a NaN error, which would never become the worst; once worst is NaN, it stays.
                if (double.IsNaN(error) || error > worst.Error)
                    worst = (error, x[i + lane]);
            }
        }
        return worst;
    }
}
