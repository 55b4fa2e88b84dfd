using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn.Tests.Metrics;

[TestClass]
public sealed class LanguageModelMetricsTests
{
    [TestMethod]
    [DataRow(2)]
    [DataRow(50)]
    [DataRow(10_000)]
    public void UniformModelOverVTokensHasPerplexityV(int vocabulary)
    {
        // Every token gets 1/V: nll = n ln V, perplexity = exp(n ln V / n) = V.
        const int tokens = 7;
        var fromSum = LanguageModelMetrics.FromNegativeLogLikelihood(tokens * Math.Log(vocabulary), tokens);
        Assert.AreEqual(vocabulary, fromSum.Perplexity, vocabulary * 1e-12);
        Assert.AreEqual(Math.Log(vocabulary), fromSum.CrossEntropy, 1e-12);
        Assert.AreEqual(Math.Log2(vocabulary), fromSum.BitsPerToken, 1e-12);

        var logProbabilities = Enumerable.Repeat((float)-Math.Log(vocabulary), tokens).ToArray();
        var fromLogProbabilities = LanguageModelMetrics.FromLogProbabilities(logProbabilities);
        Assert.AreEqual(tokens, fromLogProbabilities.TokenCount);
        Assert.AreEqual(vocabulary, fromLogProbabilities.Perplexity, vocabulary * 1e-6); // float log-probabilities
    }

    [TestMethod]
    public void PerplexityOfATinyExample()
    {
        // p = 1/2 and 1/8: nll = ln 2 + ln 8 = 4 ln 2, mean 2 ln 2, perplexity e^(2 ln 2) = 4.
        var m = LanguageModelMetrics.FromLogProbabilities([(float)Math.Log(0.5), (float)Math.Log(0.125)]);
        Assert.AreEqual(4.0, m.Perplexity, 1e-5);
    }

    [TestMethod]
    public void AccumulatorMixesLogProbabilitiesAndSums()
    {
        var accumulator = new LanguageModelMetricsAccumulator();
        accumulator.Add([(float)Math.Log(0.5)]);
        accumulator.Add(Math.Log(8), 1);
        accumulator.Add(0.0, 0);
        var m = accumulator.Compute();
        Assert.AreEqual(2, m.TokenCount);
        Assert.AreEqual(4.0, m.Perplexity, 1e-5); // same as PerplexityOfATinyExample
    }

    [TestMethod]
    public void ZeroProbabilityGivesInfinitePerplexity()
    {
        var m = LanguageModelMetrics.FromLogProbabilities([-1f, float.NegativeInfinity]);
        Assert.IsTrue(double.IsPositiveInfinity(m.Perplexity));
    }

    [TestMethod]
    public void ValidationNamesTheArgument()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => LanguageModelMetrics.FromLogProbabilities([]));
        Assert.AreEqual("logProbabilities", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => LanguageModelMetrics.FromLogProbabilities([-1f, 0.5f]));
        Assert.AreEqual("logProbabilities", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => LanguageModelMetrics.FromLogProbabilities([float.NaN]));
        Assert.AreEqual("logProbabilities", e.ParamName);

        var r = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LanguageModelMetrics.FromNegativeLogLikelihood(1.0, 0));
        Assert.AreEqual("tokenCount", r.ParamName);
        r = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LanguageModelMetrics.FromNegativeLogLikelihood(-1.0, 3));
        Assert.AreEqual("negativeLogLikelihood", r.ParamName);
        r = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LanguageModelMetrics.FromNegativeLogLikelihood(double.NaN, 3));
        Assert.AreEqual("negativeLogLikelihood", r.ParamName);

        var accumulator = new LanguageModelMetricsAccumulator();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => accumulator.Add(1.0, -1));
        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add([-1f, 1f]));
        Assert.AreEqual(0, accumulator.TokenCount); // failed batches add nothing
        Assert.ThrowsExactly<InvalidOperationException>(() => accumulator.Compute());
    }
}
