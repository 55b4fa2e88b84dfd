using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Tests.Data;
using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Each task on the real data in shared/datasets, through ML.NET, bounded where a model that stopped learning would
/// cross: beyond a simple baseline each test computes from the same data (inconclusive where that folder is absent).
/// </summary>
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
    public void PartOfSpeechTaggingOfTheEnglishWebTreebankBeatsEachWordsCommonestTag()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromConllu(Dataset("ud-english-ewt-train", "en_ewt-ud-train.conllu"));
        var dev = ml.Data.LoadFromConllu(Dataset("ud-english-ewt", "en_ewt-ud-dev.conllu"));
        // Two epochs in large batches at a high rate keep this to seconds: 0.895-0.908 over seeds 1-3, where the
        // baseline scores 0.861. (The defaults' 5 epochs on the first 3000 sentences, as docs/benchmarks.md measures
        // against PyTorch, score about 0.80: below this baseline on those sentences, 0.816.)
        var options = ml.MulticlassClassification.Trainers.RnnTagger(epochs: 2).Options with { LearningRate = 2e-2f, BatchSize = 128 };

        var model = ml.Transforms.Rnn(options).Fit(train);

        var metrics = ml.MulticlassClassification.EvaluateTagging(model.Transform(dev));
        double baseline = Baselines.MajorityTagAccuracy(Rows<Loaded.Sentence>(ml, train), Rows<Loaded.Sentence>(ml, dev));
        Assert.AreEqual(25147, metrics.TokenCount);
        Bound.AtLeast(metrics.TokenAccuracy, baseline + 0.02, $"dev token accuracy (each word's commonest training tag: {baseline:F4})");
    }

    [TestMethod]
    public void ACharacterLanguageModelOfTheTimeMachineBeatsCharacterFrequencies()
    {
        var ml = new MLContext(seed: 1);
        string text = File.ReadAllText(Dataset("timemachine", "timemachine.txt"));
        string trainText = text[..60000], testText = text[^10000..];
        var train = ml.Data.LoadFromEnumerable([new Passage { Text = trainText }]);
        var test = ml.Data.LoadFromEnumerable([new Passage { Text = testText }]);
        var estimator = ml.Transforms.Text.RnnLanguageModel(epochs: 2);

        var model = estimator.Fit(train);

        var metrics = ml.MulticlassClassification.EvaluateLanguageModel(model.Transform(test));
        // The model's own characters (lower-cased by default). The unigram scores about 20; the model 7.2-7.5 over
        // seeds 1-3, and a model that learned only which character follows which (bigram counts) scores about 11.
        var characters = new CharacterTokenizer(estimator.Options.LowerCase);
        double unigram = Baselines.UnigramPerplexity(characters.Tokenize(trainText), characters.Tokenize(testText));
        Bound.Below(metrics.Perplexity, 0.5 * unigram, $"held-out perplexity (character frequencies: {unigram:F2})");
        Assert.AreEqual(80, model.Generate("the time traveller ", 80, temperature: 0.8f, topK: 10, seed: 3).Length);
    }

    [TestMethod]
    public void SunspotsForecastFromWindowsHeldOutInTimeOrderBeatsTheLastValue()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.LoadTimeSeriesWindows(Dataset("timeseries-statsmodels", "sunspots.csv"), ["SUNACTIVITY"], "SUNACTIVITY", history: 20, testFraction: 0.2);

        var model = ml.Forecasting.ForecastByRnn().Fit(split.TrainSet);

        var metrics = ml.Forecasting.EvaluateForecast(model.Transform(split.TestSet));
        // docs/benchmarks.md: 18.25 (17.06-20.87 over seeds 0-9) with the defaults, against 32.79 for the last value.
        Bound.Below(metrics.Regression.RootMeanSquaredError, 0.7 * metrics.NaiveRootMeanSquaredError, $"test RMSE (the last value: {metrics.NaiveRootMeanSquaredError:F2})");
        Bound.Below(metrics.MeanAbsoluteScaledError, 0.7, "MASE");
    }

    private static List<T> Rows<T>(MLContext ml, IDataView data)
        where T : class, new() => ml.Data.CreateEnumerable<T>(data, reuseRowObject: false).ToList();
}
