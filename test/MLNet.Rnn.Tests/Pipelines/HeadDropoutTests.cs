using Microsoft.ML;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// <see cref="RnnOptions.Dropout"/> through ML.NET: it is the head's dropout (and between layers only when they are
/// stacked), it changes what training learns, and predictions are the trained model's without dropout: the same on
/// every call, and equal to the network's own forward pass in evaluation.
/// </summary>
[TestClass]
public sealed class HeadDropoutTests
{
    private sealed class TokenReview
    {
        public string[] Tokens { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private sealed class Scores
    {
        public float[] Score { get; set; } = [];
    }

    private static readonly RnnOptions Options = new() { InputColumnName = "Tokens", HiddenSize = 12, EmbeddingSize = 8, Epochs = 2, LearningRate = 0.01f };

    private static List<TokenReview> Rows(int count, int seed) =>
        TestRows.Reviews(count, seed).Select(r => new TokenReview { Tokens = r.Text.Split(' '), Label = r.Label }).ToList();

    /// <summary>Trains from the same seed each time, so two fits differ only by their options.</summary>
    private static (MLContext Ml, RnnTransformer Model) Fit(RnnOptions options)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromEnumerable(Rows(120, 3));
        data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        return (ml, ml.Transforms.Rnn(options).Fit(data));
    }

    [TestMethod]
    public void DropoutIsTheHeadsAndBetweenLayersOnlyWhenStacked()
    {
        var single = Fit(Options with { Dropout = 0.4f }).Model.Model.Options;
        var stacked = Fit(Options with { Dropout = 0.4f, NumLayers = 2 }).Model.Model.Options;

        Assert.AreEqual((0.4f, 0f), (single.HeadDropout, single.Dropout), "one layer: the head's dropout alone");
        Assert.AreEqual((0.4f, 0.4f), (stacked.HeadDropout, stacked.Dropout), "two layers: the head's and between the layers");
    }

    [TestMethod]
    public void DropoutActsInTrainingAndPredictionsAreTheModelWithoutIt()
    {
        var (ml, model) = Fit(Options with { Dropout = 0.5f });
        var rows = Rows(20, 4);
        var data = ml.Data.LoadFromEnumerable(rows);
        var scores = ScoredValues.Of(model.Transform(data), "Score");

        CollectionAssert.AreNotEqual(ScoredValues.Of(Fit(Options).Model.Transform(data), "Score"), scores, "the same seed without dropout learns another model");
        Assert.IsFalse(model.Model.Training, "the trained network is left in evaluation");
        CollectionAssert.AreEqual(scores, ScoredValues.Of(model.Transform(data), "Score"), "Transform gives the same scores again");
        using var engine = ml.Model.CreatePredictionEngine<TokenReview, Scores>(model);
        for (int call = 0; call < 3; call++)
            CollectionAssert.AreEqual(ScoredValues.Floats(scores[0]), engine.Predict(rows[0]).Score, $"prediction engine, call {call}");

        // The network's own pass with dropout off: a dropped or rescaled head input would move the probabilities far more.
        var ids = model.Vocabulary!.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id);
        var batch = SequenceBatch.FromTokens([.. rows.Select(r => r.Tokens.Select(t => ids.GetValueOrDefault(t, ids[MLNet.Rnn.Text.Vocabulary.DefaultUnknownToken])).ToArray())]);
        var probabilities = Softmax.Rows(model.Model.Forward(batch).Logits, model.Model.Options.Outputs);
        for (int r = 0; r < rows.Count; r++)
        {
            var score = ScoredValues.Floats(scores[r]);
            for (int k = 0; k < score.Length; k++)
                Bound.Near(score[k], probabilities[r * score.Length + k], 1e-6, $"row {r}, class {k}: Score beside the network in evaluation");
        }
    }
}
