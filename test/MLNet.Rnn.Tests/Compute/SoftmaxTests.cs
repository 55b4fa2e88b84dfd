using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests.Compute;

[TestClass]
public sealed class SoftmaxTests
{
    [TestMethod]
    public void LargeLogitsDoNotOverflow()
    {
        // exp(1000) overflows float; subtracting the maximum first keeps softmax exact: 1 / (1 + e^-1) = 0.7311.
        var p = new float[2];
        Softmax.Compute([1000f, 999f], p);
        Assert.AreEqual(0.7310586f, p[0], 1e-6f);
        Assert.AreEqual(0.2689414f, p[1], 1e-6f);
        var rows = Softmax.Rows([100f, 0f, -200f], 3);
        Assert.AreEqual(1f, rows[0]);
        Assert.IsTrue(rows[1] is >= 0 and < 1e-40f && rows[2] == 0, $"{rows[1]}, {rows[2]}");
    }

    [TestMethod]
    public void MaskedLogitsGetZero()
    {
        var p = new float[3];
        Softmax.Compute([0f, float.NegativeInfinity, 0f], p);
        CollectionAssert.AreEqual(new[] { 0.5f, 0f, 0.5f }, p);
    }
}
