using MLNet.Rnn.Tests.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>The baselines of the real-data bounds, on examples small enough to work out by hand.</summary>
[TestClass]
public sealed class BaselinesTests
{
    [TestMethod]
    public void LastValueRmseForecastsTheLastValueOfEachWindow()
    {
        Loaded.Window[] windows = [new() { History = [1, 2], Target = [4] }, new() { History = [0, 5], Target = [1] }];

        // Errors 2 and -4.
        Bound.Near(Baselines.LastValueRmse(windows), Math.Sqrt(10), 1e-12, "RMSE");
    }

    [TestMethod]
    public void MajorityTagAccuracyTagsEachWordWithItsCommonestTagAndUnseenWordsWithTheCommonestOfAll()
    {
        Loaded.Sentence[] train = [new() { Tokens = ["a", "a", "b"], Tags = ["X", "X", "Y"] }, new() { Tokens = ["a", "b"], Tags = ["Y", "Y"] }];
        // a: X; b: Y; unseen c: X and Y tie overall (2 each), so X, the ordinally first.
        Loaded.Sentence[] test = [new() { Tokens = ["a", "b", "c", "c"], Tags = ["X", "X", "X", "Y"] }];

        Bound.Near(Baselines.MajorityTagAccuracy(train, test), 0.5, 1e-12, "accuracy");
    }

    [TestMethod]
    public void UnigramPerplexityIsAddOneSmoothedOverTheTypesOfBothTexts()
    {
        // Types a, b, c: p(a) = (2 + 1) / (3 + 3), p(c) = 1 / 6, so the perplexity is 1 / sqrt(1/2 * 1/6).
        Bound.Near(Baselines.UnigramPerplexity(["a", "a", "b"], ["a", "c"]), Math.Sqrt(12), 1e-12, "perplexity");
    }
}
