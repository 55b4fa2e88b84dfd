namespace MLNet.Rnn.Tests.Data;

[TestClass]
public sealed class PlainTextLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [TestMethod]
    public void WholeFileIsOneRowWithLineBreaksKept()
    {
        var rows = Loaded.PlainText(_temp.Write("corpus.txt", "first line\n\nsecond\n"));

        CollectionAssert.AreEqual(new[] { "first line\n\nsecond\n" }, rows);
    }

    [TestMethod]
    public void OneRowPerLineSkipsBlankLines()
    {
        var rows = Loaded.PlainText(_temp.Write("lines.txt", "first line\r\n\n   \nsecond"), oneRowPerLine: true);

        CollectionAssert.AreEqual(new[] { "first line", "second" }, rows);
    }
}
