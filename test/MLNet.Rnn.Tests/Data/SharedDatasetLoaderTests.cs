using MLNet.Rnn.Data;

namespace MLNet.Rnn.Tests.Data;

/// <summary>The loaders on the real files in shared/datasets (inconclusive where that folder is absent).</summary>
[TestClass]
public sealed class SharedDatasetLoaderTests
{
    private sealed class Sentiment
    {
        [TableColumn(Position = 0)]
        public string Text { get; set; } = "";

        [TableColumn(Position = 1)]
        public bool Label { get; set; }
    }

    [TestMethod]
    public void YelpSentencesLoadAsTextAndBooleanLabel()
    {
        // The sentences hold unbalanced double quotes ("mains," ...), so quoting stays off, as in SOURCE.txt's format.
        string path = Path.Combine(RepositoryPaths.Shared("datasets"), "sentiment-labelled-sentences", "yelp_labelled.txt");

        var table = TableLoader.FromDelimitedFile<Sentiment>(path);

        Assert.AreEqual(1000, table.RowCount);
        Assert.AreEqual("Wow... Loved this place.", table.GetText("Text")[0]);
        Assert.AreEqual(500, table.GetBooleans("Label").Count(label => label));
        Assert.AreEqual("As for the \"mains,\" also uninspired.", table.GetText("Text")[228]);
    }

    [TestMethod]
    public void EwtDevHas2001SentencesAndTheFirstIsTagged()
    {
        string path = Path.Combine(RepositoryPaths.Shared("datasets"), "ud-english-ewt", "en_ewt-ud-dev.conllu");

        var table = TableLoader.FromConllu(path);

        Assert.AreEqual(2001, table.RowCount);
        Assert.AreEqual(25147, table.GetTokens("Tokens").Sum(s => s.Length)); // words, SOURCE.txt's count
        CollectionAssert.AreEqual(new[] { "From", "the", "AP", "comes", "this", "story", ":" }, table.GetTokens("Tokens")[0]);
        CollectionAssert.AreEqual(new[] { "ADP", "DET", "PROPN", "VERB", "DET", "NOUN", "PUNCT" }, table.GetTokens("Tags")[0]);
    }

    [TestMethod]
    public void SunspotsGive289WindowsOf20Years()
    {
        string path = Path.Combine(RepositoryPaths.Shared("datasets"), "timeseries-statsmodels", "sunspots.csv");

        var table = TableLoader.FromTimeSeriesCsv(path, ["SUNACTIVITY"], "SUNACTIVITY", history: 20);

        Assert.AreEqual(289, table.RowCount); // 309 years - 20
        Assert.AreEqual(20, table.GetSequences("History")[0].Length);
        Assert.AreEqual(5f, table.GetSequences("History")[0][0][0]); // 1700
        Assert.AreEqual(2.9f, table.GetVectors("Target")[288][0]); // 2008
    }

    [TestMethod]
    public void TimeMachineLoadsAsOneText()
    {
        string path = Path.Combine(RepositoryPaths.Shared("datasets"), "timemachine", "timemachine.txt");

        var whole = TableLoader.FromPlainText(path);
        var lines = TableLoader.FromPlainText(path, oneRowPerLine: true);

        Assert.AreEqual(178979, whole.GetText("Text")[0].Length);
        Assert.IsTrue(whole.GetText("Text")[0].StartsWith("The Time Machine, by H. G. Wells [1898]\n", StringComparison.Ordinal));
        Assert.AreEqual(2848, lines.RowCount);
    }
}
