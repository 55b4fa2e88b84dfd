using Microsoft.ML;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>
/// Every task and input kind through <c>mlContext.Model.ConvertToOnnx</c> and ONNX Runtime, on made rows and the
/// adversarial texts: the added columns equal the managed engine's (floats within 1e-5 relative, labels and tags exactly).
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    private static readonly RnnOptions Small = new() { HiddenSize = 8, EmbeddingSize = 6, Epochs = 2 };

    private sealed class Tokens
    {
        public string[] Words { get; set; } = [];

        public string Label { get; set; } = "";
    }

    [TestMethod]
    [DataRow(TextTokenization.Words, true, RecurrentCell.Lstm, SequencePooling.LastHidden, 1)]
    [DataRow(TextTokenization.Words, false, RecurrentCell.Gru, SequencePooling.Mean, 2)]
    [DataRow(TextTokenization.Characters, true, RecurrentCell.Rnn, SequencePooling.Max, 1)]
    [DataRow(TextTokenization.Characters, false, RecurrentCell.Lstm, SequencePooling.LastHidden, 2)]
    [DataRow(TextTokenization.Whitespace, true, RecurrentCell.RnnRelu, SequencePooling.Mean, 1)]
    public void TextClassification(TextTokenization tokenization, bool lowerCase, RecurrentCell cell, SequencePooling pooling, int layers)
    {
        var ml = new MLContext(seed: 1);
        var rows = TestRows.Reviews(150, 1).Concat(AdversarialText.Texts.Select(t => new Review { Text = t, Label = "meh" })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Rnn(Small with { Tokenization = tokenization, LowerCase = lowerCase, Cell = cell, Pooling = pooling, NumLayers = layers }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);

        OnnxAgreement.Check(ml, model, data, false, "Score", "PredictedLabel");
    }

    [TestMethod]
    public void BinaryClassificationOfText()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestRows.BinaryReviews(150, 1).Concat(AdversarialText.Texts.Select(t => new BinaryReview { Text = t })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.BinaryClassification.Trainers.Rnn(Small).Fit(data);

        OnnxAgreement.Check(ml, model, data, false, "PredictedLabel", "Score", "Probability");
    }

    [TestMethod]
    public void RegressionOfTextAndOfNumericSequences()
    {
        var ml = new MLContext(seed: 1);
        var reviews = ml.Data.LoadFromEnumerable(TestRows.ScoredReviews(150, 1).Concat(AdversarialText.Texts.Select(t => new ScoredReview { Text = t })));
        OnnxAgreement.Check(ml, ml.Regression.Trainers.Rnn(Small with { InputColumnName = "Text", Bidirectional = true }).Fit(reviews), reviews, false, "Score");

        var traces = ml.Data.LoadFromEnumerable(TestRows.Traces(150, 1));
        var values = ml.Regression.Trainers.Rnn(Small with { InputColumnName = "Features", LabelColumnName = "Targets", FeaturesPerStep = 2, NumLayers = 2 }).Fit(traces);
        OnnxAgreement.Check(ml, values, traces, false, "Score");
    }

    [TestMethod]
    public void ClassificationOfNumericSequences()
    {
        var ml = new MLContext(seed: 1);
        var traces = ml.Data.LoadFromEnumerable(TestRows.Traces(150, 2));
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Rnn(Small with { InputColumnName = "Features", FeaturesPerStep = 2, Pooling = SequencePooling.Max })).Fit(traces);

        OnnxAgreement.Check(ml, model, traces, false, "Score", "PredictedLabel");
    }

    [TestMethod]
    public void TokensAndTokenKeys()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestRows.Reviews(150, 3).Select(r => new Tokens { Words = r.Text.Split(' '), Label = r.Label })
            .Concat(AdversarialText.Texts.Select(t => new Tokens { Words = t.Split(' '), Label = "meh" })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var tokens = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Rnn(Small with { InputColumnName = "Words", Cell = RecurrentCell.Gru })).Fit(data);
        OnnxAgreement.Check(ml, tokens, data, false, "Score", "PredictedLabel");

        // ML.NET's own MapValueToKey writes its keys as UTF-8, which reads two different lone surrogates as one
        // U+FFFD: rows that hold them are left out of the key model's check (its keys are ML.NET's, not ours).
        var valid = ml.Data.LoadFromEnumerable(rows.Where(r => r.Words.All(w => global::MLNet.Rnn.Text.TextRepair.IsValid(w))));
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Conversion.MapValueToKey("Words"))
            .Append(ml.Transforms.Rnn(Small with { InputColumnName = "Words" })).Fit(valid);
        OnnxAgreement.Check(ml, keys, valid, false, "Score", "PredictedLabel");
    }

    [TestMethod]
    public void TaggingWithTextAndKeyTags()
    {
        var ml = new MLContext(seed: 1);
        var training = ml.Data.LoadFromEnumerable(TestRows.Sentences(150, 1));
        var data = ml.Data.LoadFromEnumerable(TestRows.Sentences(150, 2).Concat(AdversarialText.Texts.Select(t => t.Split(' ')).Select(w => new Sentence { Tokens = w, Tags = w.Select(_ => "NOUN").ToArray() })));
        // A CRF (the tagging default) has no ONNX form: the export is of the per-token head.
        var tagging = Small with { InputColumnName = "Tokens", LabelColumnName = "Tags", Crf = false, CharacterFeatures = 0 };
        OnnxAgreement.Check(ml, ml.MulticlassClassification.Trainers.RnnTagger(tagging).Fit(training), data, false, "PredictedLabel");

        var keyed = ml.Transforms.Conversion.MapValueToKey("Tags").Append(ml.MulticlassClassification.Trainers.RnnTagger(tagging with { NumLayers = 2 })).Fit(training);
        OnnxAgreement.Check(ml, keyed, data, false, "PredictedLabel");
    }

    [TestMethod]
    public void Forecasting()
    {
        var ml = new MLContext(seed: 1);
        var windows = ml.Data.LoadFromEnumerable(TestRows.Sines(150, level: 300, scale: 40));
        OnnxAgreement.Check(ml, ml.Forecasting.ForecastByRnn(Small with { InputColumnName = "History", LabelColumnName = "Target" }).Fit(windows), windows, false, "Score");
    }

    [TestMethod]
    public void LanguageModel()
    {
        var ml = new MLContext(seed: 1);
        var lines = TestRows.Story(120, 1).Split(". ").Select(s => new Passage { Text = s + ". " })
            .Concat(AdversarialText.Texts.Select(t => new Passage { Text = t })).ToList();
        var data = ml.Data.LoadFromEnumerable(lines);
        OnnxAgreement.Check(ml, ml.Transforms.Text.RnnLanguageModel(Small).Fit(data), data, false, "Score", "TokenCount");
    }
}
