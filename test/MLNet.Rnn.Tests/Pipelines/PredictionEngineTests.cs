using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>ML.NET's prediction engines over a trained pipeline: one per thread, each the same as Transform.</summary>
[TestClass]
public sealed class PredictionEngineTests
{
    private sealed class ReviewScore
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    private static (MLContext Ml, ITransformer Model) Trained()
    {
        var ml = new MLContext(seed: 11);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Rnn(epochs: 2))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return (ml, pipeline.Fit(ml.Data.LoadFromEnumerable(TestRows.Reviews(200, 11))));
    }

    [TestMethod]
    public void EightThreadsWithAnEngineEachAgreeWithTransformBitForBit()
    {
        var (ml, model) = Trained();
        var rows = TestRows.Reviews(120, 12);
        var expected = ScoredValues.Of(model.Transform(ml.Data.LoadFromEnumerable(rows)), "Score");

        var results = new List<string>[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            using var engine = ml.Model.CreatePredictionEngine<Review, ReviewScore>(model);
            // Each thread goes through the rows in its own order, so the engines really interleave.
            var order = Enumerable.Range(0, rows.Count).Select(i => (i * (thread + 1) * 7) % rows.Count).Distinct().ToList();
            order.AddRange(Enumerable.Range(0, rows.Count).Except(order));
            var scores = new string[rows.Count];
            foreach (int i in order)
                scores[i] = string.Join(",", engine.Predict(rows[i]).Score.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8")));
            results[thread] = [.. scores];
        });

        foreach (var result in results)
            CollectionAssert.AreEqual(expected, result);
    }

    [TestMethod]
    public void EmptyAndUnseenTextStillGetAPrediction()
    {
        var (ml, model) = Trained();
        using var engine = ml.Model.CreatePredictionEngine<Review, ReviewScore>(model);

        foreach (string text in new[] { "", "zzz qqq never seen", "!" })
        {
            var prediction = engine.Predict(new Review { Text = text });
            Assert.AreEqual(1f, prediction.Score.Sum(), 1e-5f);
            CollectionAssert.Contains(new[] { "pos", "neg", "meh" }, prediction.PredictedLabel);
        }
    }
}
