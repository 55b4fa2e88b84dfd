using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// A prediction engine serving one row after another allocates nothing once warm: text, tokens and numeric inputs;
/// classification, tagging, forecasting and language models. (Output properties of type string would make ML.NET
/// allocate them, so these read keys, numbers and booleans.)
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class PredictionAllocationTests
{
    private sealed class ClassScores
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    private sealed class BinaryScore
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class TagKeys
    {
        public uint[] PredictedLabel { get; set; } = [];
    }

    private sealed class Forecast
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class Perplexity
    {
        public float Score { get; set; }
    }

    [TestMethod]
    public void TextClassificationAllocatesNothingPerRow()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.Rnn(epochs: 1))
            .Fit(ml.Data.LoadFromEnumerable(TestRows.Reviews(60, 1)));
        var engine = ml.Model.CreatePredictionEngine<Review, ClassScores>(model);
        var rows = TestRows.Reviews(2, 2);

        AssertNoAllocation(engine, rows[0], rows[1]);
    }

    [TestMethod]
    public void BinaryTextClassificationAllocatesNothingPerRow()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.BinaryClassification.Trainers.Rnn(epochs: 1).Fit(ml.Data.LoadFromEnumerable(TestRows.BinaryReviews(60, 1)));
        var engine = ml.Model.CreatePredictionEngine<BinaryReview, BinaryScore>(model);
        var rows = TestRows.BinaryReviews(10, 2);

        AssertNoAllocation(engine, rows[0], rows[1]);
    }

    [TestMethod]
    public void TaggingTokensAllocatesNothingPerRow()
    {
        var ml = new MLContext(seed: 1);
        // Character features (the tagging default) give each row a batch of its own characters, as the README says.
        var tagger = ml.MulticlassClassification.Trainers.RnnTagger(new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", Epochs = 1, CharacterFeatures = 0 });
        var model = ml.Transforms.Conversion.MapValueToKey("Tags").Append(tagger).Fit(ml.Data.LoadFromEnumerable(TestRows.Sentences(60, 1)));
        var engine = ml.Model.CreatePredictionEngine<Sentence, TagKeys>(model);
        var rows = TestRows.Sentences(2, 2);

        AssertNoAllocation(engine, rows[0], rows[1]);
    }

    [TestMethod]
    public void ForecastingAllocatesNothingPerRow()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Forecasting.ForecastByRnn(epochs: 1).Fit(ml.Data.LoadFromEnumerable(TestRows.Sines(60)));
        var engine = ml.Model.CreatePredictionEngine<Window, Forecast>(model);
        var rows = TestRows.Sines(2);

        AssertNoAllocation(engine, rows[0], rows[1]);
    }

    [TestMethod]
    public void LanguageModelScoringAllocatesNothingPerRow()
    {
        var ml = new MLContext(seed: 1);
        var text = string.Concat(Enumerable.Repeat("the cat sat on the mat. ", 80));
        var model = ml.Transforms.Text.RnnLanguageModel(epochs: 1).Fit(ml.Data.LoadFromEnumerable(new[] { new Passage { Text = text } }));
        var engine = ml.Model.CreatePredictionEngine<Passage, Perplexity>(model);

        AssertNoAllocation(engine, new Passage { Text = "the cat sat" }, new Passage { Text = "on the mat" });
    }

    /// <summary>
    /// After a warm-up on both rows, a hundred predictions alternating between them allocate no byte, on this thread or on
    /// the thread team's (where bidirectional models run their directions).
    /// </summary>
    private static void AssertNoAllocation<TInput, TOutput>(PredictionEngine<TInput, TOutput> engine, TInput first, TInput second)
        where TInput : class
        where TOutput : class, new()
    {
        var output = new TOutput();
        // Warm for long enough that tiered compilation has replaced the first, unoptimised code (which may box or
        // allocate where the optimised code does not): the runtime waits about 100 ms of calls before it recompiles.
        var warming = System.Diagnostics.Stopwatch.StartNew();
        while (warming.ElapsedMilliseconds < 1000)
        {
            engine.Predict(first, ref output);
            engine.Predict(second, ref output);
        }
        long allocated = Allocations.OnTeamThreadsDuring(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                engine.Predict(first, ref output);
                engine.Predict(second, ref output);
            }
        });
        Assert.AreEqual(0L, allocated, "bytes allocated by 100 predictions, on this thread and the thread team's");
    }
}
