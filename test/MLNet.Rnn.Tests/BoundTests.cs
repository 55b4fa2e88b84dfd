namespace MLNet.Rnn.Tests;

[TestClass]
public sealed class BoundTests
{
    [TestMethod]
    public void EveryBoundFailsOnNaN()
    {
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Below(double.NaN, 1, "error"));
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.AtMost(double.NaN, 1, "error"));
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Above(double.NaN, 0, "accuracy"));
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.AtLeast(double.NaN, 0, "accuracy"));
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Near(double.NaN, 0, 1, "value"));
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Near(0, double.NaN, 1, "value"));
    }

    [TestMethod]
    public void MSTestsOwnComparisonsPassNaNWhichIsWhyTheseExist()
    {
        // If MSTest starts failing NaN here, Bound is still right; this documents the reason it is needed.
        Assert.IsLessThan(1.0, double.NaN);
    }

    [TestMethod]
    public void MSTestsAreEqualWithADeltaPassesNaNAgainstNaN()
    {
        // It fails a NaN against a number, so AreEqual(constant, measured, delta) may stay; but two measured values that
        // are both NaN pass it, so a measured value against another goes through Bound.Near.
        double measured = double.NaN, other = Math.Sqrt(-1);
        Assert.ThrowsExactly<AssertFailedException>(() => Assert.AreEqual(1.0, measured, 0.5));
        Assert.AreEqual(measured, other, 0.5);
    }

    [TestMethod]
    public void BoundsHoldAndFailWhereTheySay()
    {
        Bound.Below(0.5, 1, "x");
        Bound.AtMost(1, 1, "x");
        Bound.Above(2, 1, "x");
        Bound.AtLeast(1, 1, "x");
        Bound.Near(1.05, 1, 0.1, "x");
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Below(1, 1, "x"));
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Above(1, 1, "x"));
        Assert.ThrowsExactly<AssertFailedException>(() => Bound.Near(1.2, 1, 0.1, "x"));
        var failure = Assert.ThrowsExactly<AssertFailedException>(() => Bound.AtMost(double.NaN, 1e-5, "relative error of h_n"));
        StringAssert.Contains(failure.Message, "relative error of h_n: NaN is not at most 1E-05");
    }
}
