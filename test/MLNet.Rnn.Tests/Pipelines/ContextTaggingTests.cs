using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// A tagger trained through ML.NET learns tags that depend on the word and on the word before it, not on the position:
/// on sentences it never saw, its token accuracy is above the majority-tag, position-only and word-only baselines.
/// </summary>
[TestClass]
public sealed class ContextTaggingTests
{
    private static readonly string[] Determiners = ["the", "a", "this"], Adjectives = ["red", "big", "old"];
    private static readonly string[] Nouns = ["cat", "tree", "idea"], Verbs = ["sees", "takes", "eats"];

    // A noun after a determiner or an adjective, a verb anywhere else: only the previous word tells which.
    private static readonly string[] Ambiguous = ["run", "walk", "fish", "watch"];

    [TestMethod]
    public void TagsThatNeedThePreviousWordAreLearnedAndHoldOnUnseenSentences()
    {
        var train = Sentences(400, seed: 1);
        var seen = train.Select(s => string.Join(' ', s.Tokens)).ToHashSet();
        var test = Sentences(260, seed: 2).Where(s => !seen.Contains(string.Join(' ', s.Tokens))).Take(200).ToList();
        Assert.HasCount(200, test, "enough test sentences that are not training sentences");

        var ml = new MLContext(seed: 1);
        var tagger = ml.Transforms.Rnn(new RnnOptions
        {
            Task = RnnTask.Tagging, InputColumnName = "Tokens", LabelColumnName = "Tags",
            HiddenSize = 16, EmbeddingSize = 8, Epochs = 6, LearningRate = 0.02f, BatchSize = 16,
        });
        var model = tagger.Fit(ml.Data.LoadFromEnumerable(train));
        double accuracy = ml.MulticlassClassification.EvaluateTagging(model.Transform(ml.Data.LoadFromEnumerable(test))).TokenAccuracy;

        double majority = Baseline(train, test, (_, _) => 0);
        double positionOnly = Baseline(train, test, (_, t) => t);
        double wordOnly = Baseline(train, test, (s, t) => s.Tokens[t]);
        Console.WriteLine($"token accuracy {accuracy:F4}; baselines: majority {majority:F4}, position {positionOnly:F4}, word {wordOnly:F4}");
        // The data make position nearly useless and the word alone wrong for a third of the ambiguous words.
        Bound.Below(positionOnly, majority + 0.05, "the position-only baseline, beside the majority tag");
        Bound.Below(wordOnly, 0.93, "the word-only baseline");
        // Half of what the word alone gets wrong must come right: only the previous word can tell.
        Bound.Above(accuracy, wordOnly + (1 - wordOnly) / 2, "token accuracy on unseen sentences");
    }

    /// <summary>
    /// Sentences of 3 to 12 words drawn independently, so a tag's position says next to nothing; each word has its tag,
    /// except the ambiguous words, tagged by the word before them.
    /// </summary>
    private static List<Sentence> Sentences(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int length = 3 + random.Next(10);
            var tokens = new string[length];
            var tags = new string[length];
            for (int t = 0; t < length; t++)
            {
                double draw = random.NextDouble();
                (tokens[t], tags[t]) = draw switch
                {
                    < 0.2 => (Determiners[random.Next(3)], "DET"),
                    < 0.3 => (Adjectives[random.Next(3)], "ADJ"),
                    < 0.45 => (Nouns[random.Next(3)], "NOUN"),
                    < 0.6 => (Verbs[random.Next(3)], "VERB"),
                    _ => (Ambiguous[random.Next(4)], t > 0 && (tags[t - 1] is "DET" or "ADJ") ? "NOUN" : "VERB"),
                };
            }
            return new Sentence { Tokens = tokens, Tags = tags };
        }).ToList();
    }

    /// <summary>
    /// The token accuracy on <paramref name="test"/> of tagging each token with the training data's most frequent tag for
    /// its <paramref name="feature"/> (of the sentence and the position), or the most frequent tag overall when training
    /// never saw that feature.
    /// </summary>
    private static double Baseline<T>(List<Sentence> train, List<Sentence> test, Func<Sentence, int, T> feature) where T : notnull
    {
        static string MostFrequent(IEnumerable<string> tags) => tags.GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var tokens = train.SelectMany(s => s.Tags.Select((tag, t) => (Feature: feature(s, t), Tag: tag))).ToList();
        string overall = MostFrequent(tokens.Select(x => x.Tag));
        var byFeature = tokens.GroupBy(x => x.Feature).ToDictionary(g => g.Key, g => MostFrequent(g.Select(x => x.Tag)));
        int correct = 0, total = 0;
        foreach (var sentence in test)
        {
            for (int t = 0; t < sentence.Tags.Length; t++, total++)
                correct += byFeature.GetValueOrDefault(feature(sentence, t), overall) == sentence.Tags[t] ? 1 : 0;
        }
        return (double)correct / total;
    }
}
