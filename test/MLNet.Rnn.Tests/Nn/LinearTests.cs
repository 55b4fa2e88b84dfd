using MLNet.Rnn.Nn;
using static MLNet.Rnn.Tests.Nn.TestData;

namespace MLNet.Rnn.Tests.Nn;

[TestClass]
public sealed class LinearTests
{
    [TestMethod]
    public void ForwardIsXWTransposePlusB()
    {
        var linear = new Linear(2, 3);
        new float[] { 1, 2, 3, 4, 5, 6 }.CopyTo(linear.Weight.Value);
        new float[] { 0.5f, -1, 2 }.CopyTo(linear.Bias!.Value);
        var y = linear.Forward(new Tensor([1, 1, 2, -1], 2, 2));
        CollectionAssert.AreEqual(new float[] { 3.5f, 6, 13, 0.5f, 1, 6 }, y.Data);
    }

    [TestMethod]
    public void BackwardGivesWeightBiasAndInputGradients()
    {
        var linear = new Linear(2, 3);
        new float[] { 1, 2, 3, 4, 5, 6 }.CopyTo(linear.Weight.Value);
        var x = new Tensor([1, 1, 2, -1], 2, 2);
        var dy = new Tensor([1, 0, 2, 0, 1, -1], 2, 3);
        var dx = linear.Backward(x, dy);
        // dW = dy^T x, db = column sums of dy, dx = dy W.
        CollectionAssert.AreEqual(new float[] { 1, 1, 2, -1, 0, 3 }, linear.Weight.Gradient.ToArray());
        CollectionAssert.AreEqual(new float[] { 1, 1, 1 }, linear.Bias!.Gradient.ToArray());
        CollectionAssert.AreEqual(new float[] { 11, 14, -2, -2 }, dx.Data);
    }

    [TestMethod]
    public void InitialisationMatchesPyTorchBounds()
    {
        var linear = new Linear(64, 32, seed: 1);
        float bound = 1f / 8;
        Assert.IsTrue(linear.Parameters.Values.All(v => v >= -bound && v < bound));
        Bound.Above(linear.Weight.Value.ToArray().Max(), 0.9f * bound, "largest weight");
    }

    [TestMethod]
    public void LeadingDimensionsArePreserved()
    {
        var y = new Linear(4, 3).Forward(Random(1, 2, 5, 4));
        CollectionAssert.AreEqual(new[] { 2, 5, 3 }, y.Shape.ToArray());
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Linear(4, 3).Forward(Tensor.Zeros(2, 3)));
        StringAssert.Contains(e.Message, "(..., 4)");
    }
}
