using MLNet.Rnn.Data;

namespace MLNet.Rnn.Tests.Data;

[TestClass]
public sealed class DelimitedLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private sealed class Review
    {
        [TableColumn(Position = 0)]
        public string Text { get; set; } = "";

        [TableColumn(Position = 1)]
        public bool Label { get; set; }
    }

    private sealed class Measurement
    {
        public string Name { get; set; } = "";

        [TableColumn("value")]
        public double Value { get; set; }

        public string[] Words { get; set; } = [];
    }

    private sealed class WithVector
    {
        [TableColumn(Position = 0)]
        public float[] Values { get; set; } = [];
    }

    private sealed class ByName
    {
        public float Label { get; set; }
    }

    public void Dispose() => _temp.Dispose();

    [TestMethod]
    public void TabSeparatedByPositionKeepsQuotesAsText()
    {
        string path = _temp.Write("reviews.tsv", "Great \"food\".\t1\n\nBad, slow.\tFALSE\r\nOk\ttrue\tignored extra field\n");

        var table = TableLoader.FromDelimitedFile<Review>(path);

        CollectionAssert.AreEqual(new[] { "Great \"food\".", "Bad, slow.", "Ok" }, table.GetText("Text").ToArray());
        CollectionAssert.AreEqual(new[] { true, false, true }, table.GetBooleans("Label").ToArray());
        var rows = TableLoader.ToEnumerable<Review>(table).ToList();
        Assert.AreEqual("Bad, slow.", rows[1].Text);
    }

    [TestMethod]
    public void HeaderFindsColumnsByNameAndQuotingFollowsRfc4180()
    {
        string path = _temp.Write("data.csv",
            "Words,\"value\",Name\n" +
            "two  words,1.5,\"a \"\"quoted\"\" name, with comma\"\n" +
            "one,-2e3,\"spans\nlines\"\n" +
            "x,NaN,\"\"\n");

        var table = TableLoader.FromDelimitedFile<Measurement>(path, ',', hasHeader: true, allowQuoting: true);

        CollectionAssert.AreEqual(new[] { "a \"quoted\" name, with comma", "spans\nlines", "" }, table.GetText("Name").ToArray());
        CollectionAssert.AreEqual(new[] { 1.5f, -2000f, float.NaN }, table.GetNumbers("value").ToArray());
        CollectionAssert.AreEqual(new[] { "two", "words" }, table.GetTokens("Words")[0]);
    }

    [TestMethod]
    public void TrimWhitespaceDropsSpacesAroundFieldsAndQuotes()
    {
        var columns = new (string, int, ColumnKind)[] { ("Name", 0, ColumnKind.Text), ("Flag", 1, ColumnKind.Boolean), ("Score", 2, ColumnKind.Number) };
        const string Text = "  padded  ;  \"quoted ; kept\"  ; 0 \n";

        var trimmed = TableLoader.FromDelimitedFile(new StringReader("  padded  ; 1 ;  2.5  \n"), columns, ';', trimWhitespace: true);
        var untrimmed = TableLoader.FromDelimitedFile(new StringReader("  padded  ; 1 ;  2.5  \n"), columns, ';');
        var quoted = TableLoader.FromDelimitedFile(new StringReader(Text), [("Name", 1, ColumnKind.Text)], ';', allowQuoting: true, trimWhitespace: true);

        Assert.AreEqual("padded", trimmed.GetText("Name")[0]);
        Assert.AreEqual("  padded  ", untrimmed.GetText("Name")[0]);
        Assert.IsTrue(untrimmed.GetBooleans("Flag")[0], "booleans and numbers ignore surrounding spaces either way");
        Assert.AreEqual(2.5f, untrimmed.GetNumbers("Score")[0]);
        Assert.AreEqual("quoted ; kept", quoted.GetText("Name")[0]);
    }

    [TestMethod]
    public void BadNumberNamesFileLineColumnAndText()
    {
        string path = _temp.Write("bad.tsv", "a\t1\n\nb\tabc\n");
        var columns = new (string, int, ColumnKind)[] { ("Text", 0, ColumnKind.Text), ("Label", 1, ColumnKind.Number) };

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromDelimitedFile(path, columns));

        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "line 3, column 'Label' (position 1): 'abc' is not a number");
    }

    [TestMethod]
    public void EmptyNumberIsAnError()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromDelimitedFile<ByName>(new StringReader("Label\n\"\"\n"), hasHeader: true, allowQuoting: true));

        StringAssert.Contains(error.Message, "line 2, column 'Label' (position 0): '' is not a number");
    }

    [TestMethod]
    public void BadBooleanListsTheAcceptedForms()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromDelimitedFile<Review>(new StringReader("fine\tyes\n")));

        StringAssert.Contains(error.Message, "line 1, column 'Label' (position 1): 'yes' is not a boolean (true, false, 1 or 0)");
    }

    [TestMethod]
    public void ShortLineSaysWhichPositionIsMissing()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromDelimitedFile<Review>(new StringReader("a\t1\nno label\n")));

        StringAssert.Contains(error.Message, "line 2 has 1 field(s); column 'Label' reads position 1");
    }

    [TestMethod]
    public void MissingHeaderColumnListsTheHeader()
    {
        string path = _temp.Write("header.csv", "Name,Score\nx,1\n");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromDelimitedFile<ByName>(path, ',', hasHeader: true));

        StringAssert.Contains(error.Message, "the header has no column 'Label'. Header: Name, Score.");
    }

    [TestMethod]
    public void EmptyFileWithHeaderIsAnError()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromDelimitedFile<ByName>(new StringReader("\n\n"), hasHeader: true));

        StringAssert.Contains(error.Message, "a header line was expected");
    }

    [TestMethod]
    public void UnclosedQuoteNamesTheLineItStartsOn()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            TableLoader.FromDelimitedFile<Review>(new StringReader("a\t1\n\"open\t0\nmore\n"), allowQuoting: true));

        StringAssert.Contains(error.Message, "line 2: the quoted field 1 is not closed");
    }

    [TestMethod]
    public void TextAfterAClosingQuoteIsAnError()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            TableLoader.FromDelimitedFile<Review>(new StringReader("\"a\"b\t1\n"), allowQuoting: true));

        StringAssert.Contains(error.Message, "line 1: 'b' follows the closing quote of field 1");
    }

    [TestMethod]
    public void VectorMembersAndUnplacedColumnsAreArgumentErrors()
    {
        var vector = Assert.ThrowsExactly<ArgumentException>(() => TableLoader.FromDelimitedFile<WithVector>(new StringReader("1\n")));
        var unplaced = Assert.ThrowsExactly<ArgumentException>(() => TableLoader.FromDelimitedFile<ByName>(new StringReader("1\n")));

        StringAssert.Contains(vector.Message, "Column 'Values' is Vector");
        StringAssert.Contains(unplaced.Message, "Column 'Label' has no position and the file has no header");
    }
}
