using MLNet.Rnn.Tests.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// The simple predictors the real-data tests hold the models against: a bound above one of these is crossed by a model
/// that stopped learning, where "the metric is finite" is not.
/// </summary>
internal static class Baselines
{
    /// <summary>The RMSE of forecasting each window's next value as its last one (windows of one feature per step).</summary>
    public static double LastValueRmse(IEnumerable<Loaded.Window> windows) =>
        Math.Sqrt(windows.Average(w => Math.Pow(w.Target[0] - w.History[^1], 2)));

    /// <summary>
    /// The token accuracy on <paramref name="test"/> of tagging each word with its most frequent tag in
    /// <paramref name="train"/>, and a word never seen there with the most frequent tag of all.
    /// </summary>
    public static double MajorityTagAccuracy(IEnumerable<Loaded.Sentence> train, IEnumerable<Loaded.Sentence> test)
    {
        var tagged = train.SelectMany(s => s.Tokens.Zip(s.Tags)).ToList();
        string fallback = MostFrequent(tagged.Select(p => p.Second));
        var tagOf = tagged.GroupBy(p => p.First, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => MostFrequent(g.Select(p => p.Second)), StringComparer.Ordinal);
        return test.SelectMany(s => s.Tokens.Zip(s.Tags)).Average(p => tagOf.GetValueOrDefault(p.First, fallback) == p.Second ? 1.0 : 0.0);
    }

    /// <summary>
    /// The perplexity on <paramref name="test"/> of the token frequencies of <paramref name="train"/>, add-one smoothed
    /// over the token types of both, so that a token unseen in training has a probability too.
    /// </summary>
    public static double UnigramPerplexity(IReadOnlyCollection<string> train, IReadOnlyCollection<string> test)
    {
        var counts = train.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int types = train.Concat(test).Distinct(StringComparer.Ordinal).Count();
        return Math.Exp(-test.Average(t => Math.Log((counts.GetValueOrDefault(t) + 1.0) / (train.Count + types))));
    }

    // Ties go to the ordinally first tag, so the baseline does not depend on the order of the training data.
    private static string MostFrequent(IEnumerable<string> tags) =>
        tags.GroupBy(t => t, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
}
