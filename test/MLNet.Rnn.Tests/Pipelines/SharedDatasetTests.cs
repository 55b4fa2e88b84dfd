using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Each task on the real data in shared/datasets, through ML.NET (inconclusive where that folder is absent).</summary>
[TestClass]
public sealed class SharedDatasetTests
{
    private sealed class YelpReview
    {
        [LoadColumn(0)]
        public string Text { get; set; } = "";

        [LoadColumn(1)]
        public string Label { get; set; } = "";
    }

    private static string Dataset(params string[] parts) => Path.Combine([RepositoryPaths.Shared("datasets"), .. parts]);

    [TestMethod]
    public void YelpSentimentWithTheReadmesPipelineReachesSeventyPercentAndLoadsTheSameElsewhere()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<YelpReview>(Dataset("sentiment-labelled-sentences", "yelp_labelled.txt"), separatorChar: '\t', hasHeader: false);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Rnn(new RnnOptions
            {
                Task = RnnTask.Classification, InputColumnName = "Text", LabelColumnName = "Label",
                Cell = RecurrentCell.Lstm, HiddenSize = 64, EmbeddingSize = 64, Bidirectional = true, Epochs = 8,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Bound.AtLeast(metrics.MicroAccuracy, 0.70, "accuracy");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "Score", "PredictedLabel");
    }

    [TestMethod]
    public void PartOfSpeechTaggingOfTheEnglishWebTreebank()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromConllu(Dataset("ud-english-ewt-train", "en_ewt-ud-train.conllu"));
        var dev = ml.Data.LoadFromConllu(Dataset("ud-english-ewt", "en_ewt-ud-dev.conllu"));

        var model = ml.MulticlassClassification.Trainers.RnnTagger(epochs: 1).Fit(train);

        var metrics = ml.MulticlassClassification.EvaluateTagging(model.Transform(dev));
        Assert.AreEqual(25147, metrics.TokenCount);
        Bound.Above(metrics.TokenAccuracy, 0.78, "token accuracy");
    }

    [TestMethod]
    public void ACharacterLanguageModelOfTheTimeMachine()
    {
        var ml = new MLContext(seed: 1);
        string text = File.ReadAllText(Dataset("timemachine", "timemachine.txt"));
        var train = ml.Data.LoadFromEnumerable([new Passage { Text = text[..60000] }]);
        var test = ml.Data.LoadFromEnumerable([new Passage { Text = text[^10000..] }]);

        var model = ml.Transforms.Text.RnnLanguageModel(epochs: 1).Fit(train);

        var metrics = ml.MulticlassClassification.EvaluateLanguageModel(model.Transform(test));
        Bound.Below(metrics.Perplexity, 12.0, "perplexity");
        Assert.AreEqual(80, model.Generate("the time traveller ", 80, temperature: 0.8f, topK: 10, seed: 3).Length);
    }

    [TestMethod]
    public void SunspotsForecastFromWindowsHeldOutInTimeOrder()
    {
        var ml = new MLContext(seed: 1);
        var windows = ml.Data.LoadTimeSeriesWindows(Dataset("timeseries-statsmodels", "sunspots.csv"), ["SUNACTIVITY"], "SUNACTIVITY", history: 20);

        var model = ml.Forecasting.ForecastByRnn(epochs: 10).Fit(ml.Data.TakeRows(windows, 230));

        var metrics = ml.Forecasting.EvaluateForecast(model.Transform(ml.Data.SkipRows(windows, 230)));
        Assert.IsTrue(double.IsFinite(metrics.RootMeanSquaredError) && metrics.RootMeanSquaredError > 0);
    }
}
