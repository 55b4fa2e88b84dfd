using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests.Compute;

[TestClass]
public sealed class RngTests
{
    [TestMethod]
    public void SameSeedGivesSameSequence()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        for (int i = 0; i < 100; i++)
            Assert.AreEqual(a.NextUInt64(), b.NextUInt64());
        Assert.AreNotEqual(new Rng(1).NextUInt64(), new Rng(2).NextUInt64());
    }

    [TestMethod]
    public void KnownFirstValuesPinTheAlgorithm()
    {
        // xoshiro256** seeded by SplitMix64(0), computed independently. If these change, every seeded
        // model trained with this library changes: the generator is part of what a seed means.
        var rng = new Rng(0);
        Assert.AreEqual(11091344671253066420UL, rng.NextUInt64());
        Assert.AreEqual(13793997310169335082UL, rng.NextUInt64());
    }

    [TestMethod]
    public void UniformStaysInRangeWithTheRightMean()
    {
        var rng = new Rng(7);
        var values = new float[100_000];
        rng.FillUniform(values, -0.5f, 0.25f);
        Assert.IsTrue(values.All(v => v >= -0.5f && v < 0.25f));
        Assert.AreEqual(-0.125, values.Average(v => (double)v), 0.005);
    }

    [TestMethod]
    public void NormalHasMeanZeroAndUnitVariance()
    {
        var rng = new Rng(7);
        var values = new float[100_000];
        rng.FillNormal(values);
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        Assert.AreEqual(0, mean, 0.02);
        Assert.AreEqual(1, variance, 0.02);
    }

    [TestMethod]
    public void NextIntCoversTheRangeEvenly()
    {
        var rng = new Rng(3);
        var counts = new int[5];
        for (int i = 0; i < 50_000; i++)
            counts[rng.NextInt(5)]++;
        foreach (int c in counts)
            Assert.AreEqual(10_000, c, 400);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }
}
