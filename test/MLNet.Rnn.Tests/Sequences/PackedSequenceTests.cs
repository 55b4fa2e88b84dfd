using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Tests.Sequences;

[TestClass]
public sealed class PackedSequenceTests
{
    /// <summary>(T=4, B=3, F=2) with value 100*t + 10*b + f, so every element says where it came from.</summary>
    private static Tensor TimeMajor(int steps = 4, int batch = 3, int features = 2)
    {
        var t = Tensor.Zeros(steps, batch, features);
        for (int s = 0; s < steps; s++)
            for (int b = 0; b < batch; b++)
                for (int f = 0; f < features; f++)
                    t[s, b, f] = 100 * s + 10 * b + f;
        return t;
    }

    [TestMethod]
    public void PackSortsByLengthAndLaysRowsOutTimeMajor()
    {
        var packed = PackedSequence.Pack(TimeMajor(), [2, 4, 3]);

        CollectionAssert.AreEqual(new[] { 3, 3, 2, 1 }, packed.BatchSizes.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2, 0 }, packed.SortedIndices.ToArray());
        CollectionAssert.AreEqual(new[] { 2, 0, 1 }, packed.UnsortedIndices.ToArray());
        Assert.AreEqual(9, packed.TotalRows);
        Assert.AreEqual(4, packed.MaxLength);
        CollectionAssert.AreEqual(new[] { 2, 4, 3 }, packed.Lengths());
        // Step 0 rows: sequences 1, 2, 0; step 2: sequences 1, 2; step 3: sequence 1.
        float[] firstFeature = Enumerable.Range(0, packed.TotalRows).Select(r => packed.Data[r * 2]).ToArray();
        CollectionAssert.AreEqual(new float[] { 10, 20, 0, 110, 120, 100, 210, 220, 310 }, firstFeature);
    }

    [TestMethod]
    public void EqualLengthsKeepBatchOrder()
    {
        var packed = PackedSequence.Pack(TimeMajor(), [4, 4, 4]);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, packed.SortedIndices.ToArray());
        CollectionAssert.AreEqual(TimeMajor().Data, packed.Data);
    }

    [TestMethod]
    public void BatchFirstPacksTheSameRows()
    {
        var timeMajor = TimeMajor();
        var batchFirst = Tensor.Zeros(3, 4, 2);
        for (int s = 0; s < 4; s++)
            for (int b = 0; b < 3; b++)
                for (int f = 0; f < 2; f++)
                    batchFirst[b, s, f] = timeMajor[s, b, f];

        var a = PackedSequence.Pack(timeMajor, [2, 4, 3]);
        var b2 = PackedSequence.Pack(batchFirst, [2, 4, 3], batchFirst: true);
        CollectionAssert.AreEqual(a.Data, b2.Data);
    }

    [TestMethod]
    public void PadInvertsPackAndZeroesPadding()
    {
        var input = TimeMajor();
        int[] lengths = [2, 4, 3];
        var padded = PackedSequence.Pack(input, lengths).Pad(totalLength: 5, paddingValue: -1);

        CollectionAssert.AreEqual(new[] { 5, 3, 2 }, padded.Shape.ToArray());
        for (int s = 0; s < 5; s++)
            for (int b = 0; b < 3; b++)
                for (int f = 0; f < 2; f++)
                    Assert.AreEqual(s < lengths[b] ? input[s, b, f] : -1f, padded[s, b, f], $"t={s} b={b} f={f}");
    }

    [TestMethod]
    public void PadBatchFirstTransposes()
    {
        var padded = PackedSequence.Pack(TimeMajor(), [2, 4, 3]).Pad(batchFirst: true);
        CollectionAssert.AreEqual(new[] { 3, 4, 2 }, padded.Shape.ToArray());
        Assert.AreEqual(310f, padded[1, 3, 0]);
        Assert.AreEqual(0f, padded[0, 3, 0]);
    }

    [TestMethod]
    public void ZeroLengthIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => PackedSequence.Pack(TimeMajor(), [2, 0, 3]));
        StringAssert.Contains(e.Message, "sequence 1");
        Assert.AreEqual("lengths", e.ParamName);
    }

    [TestMethod]
    public void LengthLongerThanInputIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => PackedSequence.Pack(TimeMajor(), [2, 5, 3]));
        StringAssert.Contains(e.Message, "exceeds the padded length 4");
    }

    [TestMethod]
    public void LengthCountMustMatchBatch()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => PackedSequence.Pack(TimeMajor(), [2, 3]));
        StringAssert.Contains(e.Message, "Expected 3 lengths");
    }

    [TestMethod]
    public void InputMustBeThreeDimensional()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => PackedSequence.Pack(Tensor.Zeros(4, 3), [1, 1, 1]));
        StringAssert.Contains(e.Message, "(T, B, F)");
        Assert.AreEqual("padded", e.ParamName);
    }

    [TestMethod]
    public void TotalLengthShorterThanLongestIsRejected()
    {
        var packed = PackedSequence.Pack(TimeMajor(), [2, 4, 3]);
        Assert.ThrowsExactly<ArgumentException>(() => packed.Pad(totalLength: 3));
    }

    [TestMethod]
    public void WithDataChecksTheRowCount()
    {
        var packed = PackedSequence.Pack(TimeMajor(), [2, 4, 3]);
        var wide = packed.WithData(new float[9 * 5], 5);
        Assert.AreEqual(5, wide.FeatureSize);
        CollectionAssert.AreEqual(packed.BatchSizes.ToArray(), wide.BatchSizes.ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => packed.WithData(new float[8 * 5], 5));
    }
}
