using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>
/// The export on real data: each task and input kind trained on one part of a dataset of ../shared/datasets, then more
/// than 1,000 held-out rows and the adversarial texts scored by ML.NET and by ONNX Runtime 1.31.1 and 1.32.0.
/// </summary>
[TestClass]
public sealed class OnnxRealDataTests
{
    private static readonly RnnOptions Small = new() { HiddenSize = 16, EmbeddingSize = 16, Epochs = 1 };

    private sealed class LabelledSentence
    {
        [LoadColumn(0)]
        public string Text { get; set; } = "";

        [LoadColumn(1)]
        public string Label { get; set; } = "";
    }

    private sealed class ValuedSentence
    {
        public string Text { get; set; } = "";

        public float Label { get; set; }

        public bool Positive { get; set; }
    }

    private static string Dataset(params string[] parts) => Path.Combine([RepositoryPaths.Shared("datasets"), .. parts]);

    /// <summary>Yelp reviews to train on; IMDb and Amazon-free held-out sentences (IMDb) and the adversarial texts to score.</summary>
    private static (IEnumerable<LabelledSentence> Train, List<LabelledSentence> HeldOut) Sentences()
    {
        static IEnumerable<LabelledSentence> Read(string file) => File.ReadLines(Dataset("sentiment-labelled-sentences", file))
            .Select(line => line.Split('\t')).Where(p => p.Length == 2).Select(p => new LabelledSentence { Text = p[0], Label = p[1].Trim() });
        var heldOut = Read("imdb_labelled.txt").Concat(Read("yelp_labelled.txt").Skip(700)).Concat(AdversarialText.Texts.Select(t => new LabelledSentence { Text = t, Label = "0" })).ToList();
        return (Read("yelp_labelled.txt").Take(700), heldOut);
    }

    [TestMethod]
    public void TextClassificationAndRegression()
    {
        var ml = new MLContext(seed: 1);
        var (train, heldOut) = Sentences();
        var training = ml.Data.LoadFromEnumerable(train);
        var rows = ml.Data.LoadFromEnumerable(heldOut);
        Assert.IsGreaterThanOrEqualTo(1000, heldOut.Count);

        var multiclass = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.Rnn(Small))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(training);
        OnnxAgreement.Check(ml, multiclass, rows, true, "PredictedLabel", "Score");

        ValuedSentence Valued(LabelledSentence s) => new() { Text = s.Text, Label = s.Label == "1" ? 1 : 0, Positive = s.Label == "1" };
        var valuedTraining = ml.Data.LoadFromEnumerable(train.Select(Valued));
        var valuedRows = ml.Data.LoadFromEnumerable(heldOut.Select(Valued));
        var binary = ml.BinaryClassification.Trainers.Rnn(Small with { LabelColumnName = "Positive", Tokenization = TextTokenization.Characters }).Fit(valuedTraining);
        OnnxAgreement.Check(ml, binary, valuedRows, true, "PredictedLabel", "Score", "Probability");
        var regression = ml.Regression.Trainers.Rnn(Small with { InputColumnName = "Text", Pooling = SequencePooling.Mean }).Fit(valuedTraining);
        OnnxAgreement.Check(ml, regression, valuedRows, true, "Score");
    }

    [TestMethod]
    public void TaggingOfTokensAndTokenKeys()
    {
        var ml = new MLContext(seed: 1);
        var training = ml.Data.LoadFromConllu(Dataset("ud-english-ewt-train", "en_ewt-ud-train.conllu"), maxSentences: 1500);
        var dev = ml.Data.LoadFromConllu(Dataset("ud-english-ewt", "en_ewt-ud-dev.conllu"));
        Assert.IsGreaterThanOrEqualTo(1000L, dev.GetRowCount() ?? ml.Data.CreateEnumerable<Sentence>(dev, false).LongCount());

        // A CRF (the tagging default) has no ONNX form: the export is of the per-token head.
        var tagging = Small with { InputColumnName = "Tokens", LabelColumnName = "Tags", Crf = false, CharacterFeatures = 0 };
        var tokens = ml.MulticlassClassification.Trainers.RnnTagger(tagging).Fit(training);
        OnnxAgreement.Check(ml, tokens, dev, true, "PredictedLabel");

        var keys = ml.Transforms.Conversion.MapValueToKey("Tokens").Append(ml.Transforms.Conversion.MapValueToKey("Tags"))
            .Append(ml.MulticlassClassification.Trainers.RnnTagger(tagging with { NumLayers = 2 })).Fit(training);
        OnnxAgreement.Check(ml, keys, dev, true, "PredictedLabel");
    }

    [TestMethod]
    public void CharacterLanguageModel()
    {
        var ml = new MLContext(seed: 1);
        var lines = File.ReadLines(Dataset("timemachine", "timemachine.txt")).Where(l => l.Length > 0).ToList();
        var training = ml.Data.LoadFromEnumerable(new[] { new Passage { Text = string.Join('\n', lines.Take(600)) } });
        var heldOut = lines.Skip(600).Concat(AdversarialText.Texts).Select(l => new Passage { Text = l }).ToList();
        Assert.IsGreaterThanOrEqualTo(1000, heldOut.Count);

        var model = ml.Transforms.Text.RnnLanguageModel(Small with { HiddenSize = 32 }).Fit(training);
        OnnxAgreement.Check(ml, model, ml.Data.LoadFromEnumerable(heldOut), true, "Score", "TokenCount");
    }

    [TestMethod]
    public void ForecastingWindows()
    {
        var ml = new MLContext(seed: 1);
        var windows = ml.Data.LoadTimeSeriesWindows(Dataset("bike-sharing-hourly", "hour_train.csv"), ["cnt", "temp"], "cnt", history: 24, horizon: 3, testFraction: 0.1);
        var model = ml.Forecasting.ForecastByRnn(Small with { InputColumnName = "History", LabelColumnName = "Target", FeaturesPerStep = 2, NumLayers = 2 })
            .Fit(ml.Data.TakeRows(windows.TrainSet, 3000));

        int rows = OnnxAgreement.Check(ml, model, windows.TestSet, true, "Score");
        Assert.IsGreaterThanOrEqualTo(1000, rows);
    }
}
