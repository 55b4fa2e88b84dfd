using MLNet.Rnn.Data;

namespace MLNet.Rnn.Tests.Data;

[TestClass]
public sealed class ConllLoaderTests : IDisposable
{
    // Sentence 1 has a multi-word token (2-3) and an empty node (3.1); sentence 2 has no closing blank line.
    private const string Conllu =
        "# sent_id = 1\n" +
        "# text = I don't know\n" +
        "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n" +
        "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
        "2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n" +
        "3\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n" +
        "3.1\tknow\t_\t_\t_\t_\t_\t_\t_\t_\n" +
        "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n" +
        "\n" +
        "# only a comment: not a sentence\n" +
        "\n" +
        "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [TestMethod]
    public void ConlluReadsWordsAndUposSkippingCommentsRangesAndEmptyNodes()
    {
        var table = TableLoader.FromConllu(_temp.Write("a.conllu", Conllu));

        Assert.AreEqual(2, table.RowCount);
        CollectionAssert.AreEqual(new[] { "I", "do", "n't", "know" }, table.GetTokens("Tokens")[0]);
        CollectionAssert.AreEqual(new[] { "PRON", "AUX", "PART", "VERB" }, table.GetTokens("Tags")[0]);
        CollectionAssert.AreEqual(new[] { "Hi" }, table.GetTokens("Tokens")[1]);
    }

    [TestMethod]
    public void ConlluReadsXposAndStopsAtMaxSentences()
    {
        var table = TableLoader.FromConllu(_temp.Write("a.conllu", Conllu), maxSentences: 1, tagField: "XPOS");

        Assert.AreEqual(1, table.RowCount);
        CollectionAssert.AreEqual(new[] { "PRP", "VBP", "RB", "VB" }, table.GetTokens("Tags")[0]);
    }

    [TestMethod]
    public void ConlluErrorsNameTheLine()
    {
        string shortLine = _temp.Write("short.conllu", "1\tI\tI\n");
        string badId = _temp.Write("id.conllu", "# c\nx\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n");

        var fields = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromConllu(shortLine));
        var id = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromConllu(badId));

        StringAssert.Contains(fields.Message, "line 1 has 3 tab-separated field(s)");
        StringAssert.Contains(id.Message, "line 2: 'x' is not a word ID");
        Assert.ThrowsExactly<ArgumentException>(() => TableLoader.FromConllu(shortLine, tagField: "lemma"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TableLoader.FromConllu(shortLine, maxSentences: 0));
    }

    [TestMethod]
    public void ConllSkipsDocstartAndTakesTheLastFieldAsTag()
    {
        string path = _temp.Write("ner.txt",
            "-DOCSTART- -X- -X- O\n\n" +
            "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\r\n\n\n" +
            "Peter NNP B-NP B-PER\n");

        var table = TableLoader.FromConll(path);
        var pos = TableLoader.FromConll(path, tokenField: 0, tagField: 1, maxSentences: 1);

        Assert.AreEqual(2, table.RowCount);
        CollectionAssert.AreEqual(new[] { "EU", "rejects" }, table.GetTokens("Tokens")[0]);
        CollectionAssert.AreEqual(new[] { "B-ORG", "O" }, table.GetTokens("Tags")[0]);
        CollectionAssert.AreEqual(new[] { "B-PER" }, table.GetTokens("Tags")[1]);
        Assert.AreEqual(1, pos.RowCount);
        CollectionAssert.AreEqual(new[] { "NNP", "VBZ" }, pos.GetTokens("Tags")[0]);
    }

    [TestMethod]
    public void ConllLineWithoutTheTagFieldIsAnError()
    {
        string path = _temp.Write("ner.txt", "EU B-ORG\nrejects\n");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TableLoader.FromConll(path, tagField: 1));

        StringAssert.Contains(error.Message, "line 2 has 1 field(s); token field 0 and tag field 1 must both be there");
    }
}
