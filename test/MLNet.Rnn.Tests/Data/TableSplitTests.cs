using MLNet.Rnn.Data;

namespace MLNet.Rnn.Tests.Data;

[TestClass]
public sealed class TableSplitTests
{
    private static Table Numbered(int rows) => Table.Create([("Id", ColumnKind.Number, Enumerable.Range(0, rows).Select(i => (float)i).ToArray())]);

    [TestMethod]
    public void SplitPartitionsTheRowsInSourceOrder()
    {
        var (train, test) = TableSplit.TrainTest(Numbered(10), 0.3, seed: 7);

        Assert.AreEqual(7, train.RowCount);
        Assert.AreEqual(3, test.RowCount);
        var all = train.GetNumbers("Id").Concat(test.GetNumbers("Id")).OrderBy(x => x);
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), all.ToArray());
        CollectionAssert.AreEqual(test.GetNumbers("Id").OrderBy(x => x).ToArray(), test.GetNumbers("Id").ToArray());
    }

    [TestMethod]
    public void SameSeedSameSplitOtherSeedOtherSplit()
    {
        var table = Numbered(100);

        var first = TableSplit.TrainTest(table, 0.2, seed: 42).Test.GetNumbers("Id").ToArray();
        var again = TableSplit.TrainTest(table, 0.2, seed: 42).Test.GetNumbers("Id").ToArray();
        var other = TableSplit.TrainTest(table, 0.2, seed: 43).Test.GetNumbers("Id").ToArray();

        CollectionAssert.AreEqual(first, again);
        CollectionAssert.AreNotEqual(first, other);
    }

    [TestMethod]
    public void FractionOutsideTheOpenIntervalOrAnEmptySideIsRejected()
    {
        var table = Numbered(3);

        foreach (double fraction in new[] { 0.0, 1.0, -0.1, double.NaN })
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TableSplit.TrainTest(table, fraction, 1));
        var noTest = Assert.ThrowsExactly<ArgumentException>(() => TableSplit.TrainTest(table, 0.1, 1));
        Assert.ThrowsExactly<ArgumentException>(() => TableSplit.TrainTest(table, 0.9, 1));
        StringAssert.Contains(noTest.Message, "leaves 0 test and 3 train rows");
    }
}
