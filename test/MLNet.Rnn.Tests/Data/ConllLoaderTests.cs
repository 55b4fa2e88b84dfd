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
        var rows = Loaded.Conllu(_temp.Write("a.conllu", Conllu));

        Assert.HasCount(2, rows);
        CollectionAssert.AreEqual(new[] { "I", "do", "n't", "know" }, rows[0].Tokens);
        CollectionAssert.AreEqual(new[] { "PRON", "AUX", "PART", "VERB" }, rows[0].Tags);
        CollectionAssert.AreEqual(new[] { "Hi" }, rows[1].Tokens);
    }

    [TestMethod]
    public void ConlluReadsXposAndStopsAtMaxSentences()
    {
        var rows = Loaded.Conllu(_temp.Write("a.conllu", Conllu), maxSentences: 1, tagField: "XPOS");

        Assert.HasCount(1, rows);
        CollectionAssert.AreEqual(new[] { "PRP", "VBP", "RB", "VB" }, rows[0].Tags);
    }

    [TestMethod]
    public void ConlluErrorsNameTheLine()
    {
        string shortLine = _temp.Write("short.conllu", "1\tI\tI\n");
        string badId = _temp.Write("id.conllu", "# c\nx\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n");

        var fields = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.Conllu(shortLine));
        var id = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.Conllu(badId));

        StringAssert.Contains(fields.Message, "line 1 has 3 tab-separated field(s)");
        StringAssert.Contains(id.Message, "line 2: 'x' is not a word ID");
        Assert.ThrowsExactly<ArgumentException>(() => Loaded.Conllu(shortLine, tagField: "lemma"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Loaded.Conllu(shortLine, maxSentences: 0));
    }

    [TestMethod]
    public void ConllSkipsDocstartAndTakesTheLastFieldAsTag()
    {
        string path = _temp.Write("ner.txt",
            "-DOCSTART- -X- -X- O\n\n" +
            "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\r\n\n\n" +
            "Peter NNP B-NP B-PER\n");

        var rows = Loaded.Conll(path);
        var pos = Loaded.Conll(path, tokenField: 0, tagField: 1, maxSentences: 1);

        Assert.HasCount(2, rows);
        CollectionAssert.AreEqual(new[] { "EU", "rejects" }, rows[0].Tokens);
        CollectionAssert.AreEqual(new[] { "B-ORG", "O" }, rows[0].Tags);
        CollectionAssert.AreEqual(new[] { "B-PER" }, rows[1].Tags);
        Assert.HasCount(1, pos);
        CollectionAssert.AreEqual(new[] { "NNP", "VBZ" }, pos[0].Tags);
    }

    [TestMethod]
    public void ConllLineWithoutTheTagFieldIsAnError()
    {
        string path = _temp.Write("ner.txt", "EU B-ORG\nrejects\n");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.Conll(path, tagField: 1));

        StringAssert.Contains(error.Message, "line 2 has 1 field(s); token field 0 and tag field 1 must both be there");
    }

    [TestMethod]
    public void EachFormatsErrorPointsToTheOtherWhenTheFieldsSuggestIt()
    {
        string conll = _temp.Write("ner.txt", "EU\tB-ORG\n");
        string conllu = _temp.Write("a.conllu", Conllu);

        var asConllu = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.Conllu(conll));
        var asConll = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.Conll(conllu));

        StringAssert.Contains(asConllu.Message, "read it with LoadFromConll");
        StringAssert.Contains(asConll.Message, "read it with LoadFromConllu");
    }
}
