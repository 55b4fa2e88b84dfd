using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// <see cref="RnnOptions.MaxVocabularySize"/> and <see cref="RnnOptions.MinTokenFrequency"/> through ML.NET: the learned
/// vocabulary keeps the most frequent tokens, ties in ordinal order whatever the order of the rows, and a token left
/// out scores exactly as a token never seen.
/// </summary>
[TestClass]
public sealed class VocabularyLimitTests
{
    // Counts with ties inside the vocabulary (bravo, delta) and at its edge (echo, foxtrot), each tie's later token first in the data.
    private static readonly (string Token, int Count)[] Counts = [("alpha", 6), ("delta", 5), ("bravo", 5), ("foxtrot", 4), ("echo", 4), ("golf", 1)];

    private const string NeverSeen = "zulu";

    private sealed class Scores
    {
        public float[] Score { get; set; } = [];
    }

    private static (MLContext Ml, RnnTransformer Model) Fit(RnnOptions options)
    {
        var ml = new MLContext(seed: 1);
        int row = 0;
        var reviews = Counts.SelectMany(c => Enumerable.Range(0, c.Count).Select(_ => new Review { Text = c.Token, Label = row++ % 2 == 0 ? "pos" : "neg" }));
        var data = ml.Data.LoadFromEnumerable(reviews.ToList());
        data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        return (ml, ml.Transforms.Rnn(options with { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 }).Fit(data));
    }

    [TestMethod]
    public void MaxVocabularySizeKeepsTheMostFrequentWithTiesInOrdinalOrder()
    {
        var (ml, model) = Fit(new RnnOptions { MaxVocabularySize = 6 });

        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>", "alpha", "bravo", "delta", "echo" }, model.Vocabulary!.ToArray(), "two reserved tokens and the four most frequent");
        AssertScoresAsNeverSeen(ml, model, left: ["foxtrot", "golf"], kept: ["alpha", "echo"]);
    }

    [TestMethod]
    public void MinTokenFrequencyLeavesOutRarerTokens()
    {
        var (ml, model) = Fit(new RnnOptions { MinTokenFrequency = 5 });

        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>", "alpha", "bravo", "delta" }, model.Vocabulary!.ToArray(), "tokens seen at least 5 times");
        AssertScoresAsNeverSeen(ml, model, left: ["echo", "foxtrot", "golf"], kept: ["bravo", "delta"]);
    }

    /// <summary>
    /// Each token <paramref name="left"/> out scores the same bits as a token never seen, each one <paramref name="kept"/>
    /// does not, in Transform and in a prediction engine alike.
    /// </summary>
    private static void AssertScoresAsNeverSeen(MLContext ml, RnnTransformer model, string[] left, string[] kept)
    {
        string[] texts = [NeverSeen, .. left, .. kept];
        var scores = ScoredValues.Of(model.Transform(ml.Data.LoadFromEnumerable(texts.Select(t => new Review { Text = t }).ToList())), "Score");
        for (int i = 1; i < texts.Length; i++)
            Assert.AreEqual(i <= left.Length, scores[i] == scores[0], $"'{texts[i]}' scores as the never-seen '{NeverSeen}'");
        using var engine = ml.Model.CreatePredictionEngine<Review, Scores>(model);
        for (int i = 0; i < texts.Length; i++)
            CollectionAssert.AreEqual(ScoredValues.Floats(scores[i]), engine.Predict(new Review { Text = texts[i] }).Score, $"'{texts[i]}' in a prediction engine");
    }
}
