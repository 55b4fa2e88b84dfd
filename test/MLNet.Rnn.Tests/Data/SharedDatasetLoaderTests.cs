namespace MLNet.Rnn.Tests.Data;

/// <summary>The loaders on the real files in shared/datasets (inconclusive where that folder is absent).</summary>
[TestClass]
public sealed class SharedDatasetLoaderTests
{
    [TestMethod]
    public void EwtDevHas2001SentencesAndTheFirstIsTagged()
    {
        string path = Path.Combine(RepositoryPaths.Shared("datasets"), "ud-english-ewt", "en_ewt-ud-dev.conllu");

        var rows = Loaded.Conllu(path);

        Assert.HasCount(2001, rows);
        Assert.AreEqual(25147, rows.Sum(s => s.Tokens.Length)); // words, SOURCE.txt's count
        CollectionAssert.AreEqual(new[] { "From", "the", "AP", "comes", "this", "story", ":" }, rows[0].Tokens);
        CollectionAssert.AreEqual(new[] { "ADP", "DET", "PROPN", "VERB", "DET", "NOUN", "PUNCT" }, rows[0].Tags);
    }

    [TestMethod]
    public void SunspotsGive289WindowsOf20Years()
    {
        string path = Path.Combine(RepositoryPaths.Shared("datasets"), "timeseries-statsmodels", "sunspots.csv");

        var windows = Loaded.TimeSeries(path, ["SUNACTIVITY"], "SUNACTIVITY", history: 20);

        Assert.HasCount(289, windows); // 309 years - 20
        Assert.HasCount(20, windows[0].History);
        Assert.AreEqual(5f, windows[0].History[0]); // 1700
        Assert.AreEqual(2.9f, windows[288].Target[0]); // 2008
    }

    [TestMethod]
    public void TimeMachineLoadsAsOneText()
    {
        string path = Path.Combine(RepositoryPaths.Shared("datasets"), "timemachine", "timemachine.txt");

        var whole = Loaded.PlainText(path);
        var lines = Loaded.PlainText(path, oneRowPerLine: true);

        Assert.AreEqual(178979, whole.Single().Length);
        Assert.IsTrue(whole[0].StartsWith("The Time Machine, by H. G. Wells [1898]\n", StringComparison.Ordinal));
        Assert.HasCount(2848, lines);
    }
}
