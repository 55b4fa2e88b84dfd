using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Tests.Nn;

[TestClass]
public sealed class EmbeddingTests
{
    [TestMethod]
    public void ForwardLooksUpRows()
    {
        var embedding = new Embedding(5, 3, seed: 1);
        var output = embedding.Forward([4, 0, 4]);
        CollectionAssert.AreEqual(new[] { 3, 3 }, output.Shape.ToArray());
        CollectionAssert.AreEqual(embedding.Weight.Value.Slice(12, 3).ToArray(), output.Data.AsSpan(0, 3).ToArray());
        CollectionAssert.AreEqual(embedding.Weight.Value[..3].ToArray(), output.Data.AsSpan(3, 3).ToArray());
    }

    [TestMethod]
    public void InitialisationIsStandardNormal()
    {
        var values = new Embedding(1000, 50, seed: 2).Weight.Value.ToArray();
        Assert.AreEqual(0, values.Average(v => (double)v), 0.02);
        Assert.AreEqual(1, values.Average(v => (double)v * v), 0.03);
    }

    [TestMethod]
    public void BackwardAccumulatesRepeatedIdsAndSkipsPadding()
    {
        var embedding = new Embedding(4, 2, paddingIndex: 0);
        CollectionAssert.AreEqual(new float[] { 0, 0 }, embedding.Weight.Value[..2].ToArray());
        embedding.Backward([2, 0, 2], [1, 2, 5, 5, 10, 20]);
        CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0, 11, 22, 0, 0 }, embedding.Weight.Gradient.ToArray());
    }

    [TestMethod]
    public void OutOfRangeIdNamesItsPosition()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Embedding(4, 2).Forward([1, 4]));
        StringAssert.Contains(e.Message, "position 1");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Embedding(4, 2, paddingIndex: 4));
    }
}
