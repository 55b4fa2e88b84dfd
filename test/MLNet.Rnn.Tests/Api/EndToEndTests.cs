using MLNet.Rnn.Data;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Api;

[TestClass]
public sealed class EndToEndTests
{
    [TestMethod]
    public void TextClassificationFitsScoresEvaluatesSavesAndServes()
    {
        var rnn = new RnnContext(seed: 1);
        var data = rnn.Data.LoadFromEnumerable(ApiTestData.Reviews(400, 1));
        var split = rnn.Data.TrainTestSplit(data, testFraction: 0.25);
        var estimator = rnn.Transforms.TextClassification(new RnnOptions { HiddenSize = 32, EmbeddingSize = 16, Bidirectional = true, Epochs = 6, LearningRate = 0.01f });
        var model = estimator.Fit(split.TrainSet);

        var scored = model.Transform(split.TestSet);
        var metrics = rnn.Evaluate.Classification(scored);
        Assert.IsGreaterThan(0.95, metrics.Accuracy);
        CollectionAssert.AreEqual(new[] { "False", "True" }, model.ClassNames!.ToArray());

        string path = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{Guid.NewGuid():N}.zip");
        try
        {
            rnn.Model.Save(model, path);
            var loaded = rnn.Model.Load(path);
            var rescored = loaded.Transform(split.TestSet);
            CollectionAssert.AreEqual(
                scored.GetVectors("Score").SelectMany(v => v).ToArray(),
                rescored.GetVectors("Score").SelectMany(v => v).ToArray(), "save/load gives the same predictions bit for bit");

            var engine = rnn.Model.CreatePredictionEngine<Review, ReviewPrediction>(loaded);
            Assert.IsTrue(engine.Predict(new Review { Text = "the staff was really friendly" }).PredictedLabel);
            var prediction = engine.Predict(new Review { Text = "awful food and rude service" });
            Assert.IsFalse(prediction.PredictedLabel);
            Assert.AreEqual(1f, prediction.Score.Sum(), 1e-5f);
            Assert.AreEqual(3, engine.PredictMany([new Review { Text = "great" }, new Review { Text = "" }, new Review { Text = "zzz unseen words" }]).Count());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ForecastingFromAUnivariateHistory()
    {
        var rnn = new RnnContext(seed: 2);
        var data = rnn.Data.LoadFromEnumerable(ApiTestData.Sines(400));
        var split = rnn.Data.TrainTestSplit(data, 0.2);
        var model = rnn.Transforms.Forecasting(new RnnOptions { InputColumnName = "History", LabelColumnName = "Target", Cell = RecurrentCell.Gru, HiddenSize = 24, Epochs = 25, LearningRate = 0.01f }).Fit(split.TrainSet);
        var metrics = rnn.Evaluate.Regression(model.Transform(split.TestSet), "Target");
        Assert.IsLessThan(0.08, metrics.Rmse, $"RMSE {metrics.Rmse}");
        NumericSequenceTests.AssertSaveLoadIsExact(rnn, model, split.TestSet, "Score");
        var engine = rnn.Model.CreatePredictionEngine<Series, SeriesPrediction>(model);
        var sample = ApiTestData.Sines(1)[0];
        Assert.AreEqual(sample.Target, engine.Predict(sample).Score, 0.2f);
    }

    [TestMethod]
    public void TaggingGivesOneTagPerToken()
    {
        var rnn = new RnnContext(seed: 3);
        var data = rnn.Data.LoadFromEnumerable(ApiTestData.Sentences(200, 3));
        var model = rnn.Transforms.Tagging(new RnnOptions { LabelColumnName = "Tags", InputColumnName = "Tokens", Bidirectional = true, HiddenSize = 16, EmbeddingSize = 8, Epochs = 8, LearningRate = 0.01f }).Fit(data);
        var scored = model.Transform(rnn.Data.LoadFromEnumerable(ApiTestData.Sentences(20, 4)));
        var metrics = rnn.Evaluate.Tagging(scored);
        Assert.AreEqual(1.0, metrics.TokenAccuracy, 1e-9);
        CollectionAssert.AreEqual(new[] { "DET", "NOUN", "VERB", "DET", "NOUN" }, scored.GetTokens("PredictedLabel")[0]);
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{Guid.NewGuid():N}.zip");
        try
        {
            rnn.Model.Save(model, path);
            CollectionAssert.AreEqual(scored.GetTokens("PredictedLabel").SelectMany(t => t).ToArray(),
                rnn.Model.Load(path).Transform(scored).GetTokens("PredictedLabel").SelectMany(t => t).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void TaggingRowsWithoutTokensAreRejectedAtFitAndGetNoTagsAtTransform()
    {
        var rnn = new RnnContext(seed: 8);
        var options = new RnnOptions { LabelColumnName = "Tags", InputColumnName = "Tokens", HiddenSize = 8, EmbeddingSize = 4, Epochs = 1 };
        var withEmpty = rnn.Data.LoadFromEnumerable([.. ApiTestData.Sentences(5, 1), new Sentence()]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => rnn.Transforms.Tagging(options).Fit(withEmpty)).Message, "Row 5");
        var model = rnn.Transforms.Tagging(options).Fit(rnn.Data.LoadFromEnumerable(ApiTestData.Sentences(20, 1)));
        var scored = model.Transform(withEmpty);
        Assert.IsEmpty(scored.GetTokens("PredictedLabel")[5]);
        Assert.AreEqual(25, rnn.Evaluate.Tagging(scored).TokenCount);
    }

    [TestMethod]
    public void LanguageModelLearnsAndGeneratesReproducibly()
    {
        var rnn = new RnnContext(seed: 4);
        string text = string.Concat(Enumerable.Repeat("abc abd ", 300));
        var data = rnn.Data.LoadFromEnumerable([new Passage { Text = text }]);
        var model = rnn.Transforms.LanguageModel(new RnnOptions { Tokenization = TextTokenization.Characters, Cell = RecurrentCell.Gru, HiddenSize = 32, EmbeddingSize = 8, Epochs = 4, BatchSize = 4, BpttLength = 16, LearningRate = 0.01f, ClipGradientNorm = 1 }).Fit(data);
        string generated = model.Generate("abc a", 7, temperature: 0);
        Assert.AreEqual("b", generated[..1], $"generated '{generated}'");
        Assert.AreEqual(model.Generate("ab", 30, temperature: 1, topK: 3, seed: 9), model.Generate("ab", 30, temperature: 1, topK: 3, seed: 9));
        var perplexity = model.Transform(rnn.Data.LoadFromEnumerable([new Passage { Text = "abc abd abc abd" }])).GetNumbers("Score")[0];
        Assert.IsLessThan(2.5f, perplexity);
        NumericSequenceTests.AssertSaveLoadIsExact(rnn, model, rnn.Data.LoadFromEnumerable([new Passage { Text = "abc abd abd" }]), "Score");
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{Guid.NewGuid():N}.zip");
        try
        {
            rnn.Model.Save(model, path);
            Assert.AreEqual(model.Generate("ab", 20, 1, 3, seed: 2), rnn.Model.Load(path).Generate("ab", 20, 1, 3, seed: 2));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SameSeedGivesTheSameModelBitForBit()
    {
        float[] Train()
        {
            var rnn = new RnnContext(seed: 7);
            var data = rnn.Data.LoadFromEnumerable(ApiTestData.Reviews(80, 2));
            var model = rnn.Transforms.TextClassification(new RnnOptions { HiddenSize = 8, EmbeddingSize = 8, Epochs = 2 }).Fit(data);
            return model.Model.Parameters.Values;
        }
        CollectionAssert.AreEqual(Train(), Train());
    }

    [TestMethod]
    public void WrongColumnsFailAtFitWithNameExpectedAndActual()
    {
        var rnn = new RnnContext(seed: 5);
        var data = rnn.Data.LoadFromEnumerable(ApiTestData.Reviews(20, 1));
        var missing = Assert.ThrowsExactly<ArgumentException>(() => rnn.Transforms.TextClassification("Label", "Body").Fit(data));
        StringAssert.Contains(missing.Message, "no column 'Body'");
        var wrongKind = Assert.ThrowsExactly<ArgumentException>(() => rnn.Transforms.SequenceRegression("Label", "Text").Fit(data));
        StringAssert.Contains(wrongKind.Message, "Label column 'Label' is Boolean");
    }

    [TestMethod]
    public void ProgressAndCancellationFlowThroughFit()
    {
        var rnn = new RnnContext(seed: 6);
        var data = rnn.Data.LoadFromEnumerable(ApiTestData.Reviews(64, 1));
        using var cancel = new CancellationTokenSource();
        var reports = new List<TrainingProgress>();
        var model = rnn.Transforms.TextClassification(new RnnOptions { HiddenSize = 8, Epochs = 50, BatchSize = 8 })
            .Fit(data, null, new InlineProgress<TrainingProgress>(p => { reports.Add(p); if (reports.Count == 3) cancel.Cancel(); }), cancel.Token);
        Assert.IsTrue(model.TrainingResult!.Cancelled);
        Assert.HasCount(3, reports);
        Assert.AreEqual(64, model.Transform(data).RowCount, "a cancelled fit still gives a usable model");
    }
}
