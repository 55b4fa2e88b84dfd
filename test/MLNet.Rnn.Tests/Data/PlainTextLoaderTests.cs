using MLNet.Rnn.Data;

namespace MLNet.Rnn.Tests.Data;

[TestClass]
public sealed class PlainTextLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [TestMethod]
    public void WholeFileIsOneRowWithLineBreaksKept()
    {
        var table = TableLoader.FromPlainText(_temp.Write("corpus.txt", "first line\n\nsecond\n"));

        Assert.AreEqual(1, table.RowCount);
        Assert.AreEqual("first line\n\nsecond\n", table.GetText("Text")[0]);
    }

    [TestMethod]
    public void OneRowPerLineSkipsBlankLines()
    {
        var table = TableLoader.FromPlainText(_temp.Write("lines.txt", "first line\r\n\n   \nsecond"), oneRowPerLine: true);

        CollectionAssert.AreEqual(new[] { "first line", "second" }, table.GetText("Text").ToArray());
    }
}
