using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Every task inside ML.NET pipelines, with ML.NET's own transforms around it and its evaluators on the output; each
/// model saved with <c>mlContext.Model.Save</c> and scored, bit for bit the same, in a fresh process.
/// </summary>
[TestClass]
public sealed class PipelineTests
{
    private sealed class ReviewPrediction
    {
        public string PredictedLabel { get; set; } = "";
    }

    private sealed class TagPrediction
    {
        public string[] PredictedLabel { get; set; } = [];
    }

    [TestMethod]
    public void MulticlassTextBetweenMapValueToKeyAndMapKeyToValue()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.Reviews(600, 1)), testFraction: 0.25, seed: 1);
        var rnn = ml.Transforms.Rnn(new RnnOptions
        {
            Task = RnnTask.Classification, InputColumnName = "Text", LabelColumnName = "Label",
            HiddenSize = 24, EmbeddingSize = 16, Bidirectional = true, Epochs = 6, LearningRate = 0.01f,
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(rnn).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Bound.Above(metrics.MicroAccuracy, 0.9, "accuracy");
        var labels = ml.Data.CreateEnumerable<Review>(split.TestSet, reuseRowObject: false).Select(r => r.Label).ToList();
        var predicted = ml.Data.CreateEnumerable<ReviewPrediction>(scored, reuseRowObject: false).Select(p => p.PredictedLabel).ToList();
        Bound.Above(labels.Zip(predicted).Count(p => p.First == p.Second) / (double)labels.Count, 0.9, "share of PredictedLabel equal to the label's value");
        VBuffer<ReadOnlyMemory<char>> slots = default;
        scored.Schema["Score"].Annotations.GetValue("SlotNames", ref slots);
        CollectionAssert.AreEquivalent(new[] { "pos", "neg", "meh" }, slots.DenseValues().Select(s => s.ToString()).ToArray());

        SchemaAgreement.Check(rnn, model.OfType<RnnTransformer>().Single(), model.First().Transform(split.TestSet), "Score", "PredictedLabel");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "Score", "PredictedLabel");
    }

    [TestMethod]
    public void BinaryTokensFromTokenizeIntoWordsGiveScoreProbabilityAndPredictedLabel()
    {
        var ml = new MLContext(seed: 2);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.BinaryReviews(400, 2)), testFraction: 0.25, seed: 2);
        var rnn = ml.BinaryClassification.Trainers.Rnn(labelColumnName: "Label", inputColumnName: "Tokens", epochs: 5);
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text").Append(rnn);

        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        var metrics = ml.BinaryClassification.Evaluate(scored);
        Bound.Above(metrics.Accuracy, 0.9, "accuracy");
        Bound.Above(metrics.AreaUnderRocCurve, 0.95, "AUC");
        SchemaAgreement.Check(rnn, model.LastTransformer, model.First().Transform(split.TestSet), "Score", "Probability", "PredictedLabel");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "Score", "Probability", "PredictedLabel");
    }

    [TestMethod]
    public void TokenKeysFromMapValueToKeyAreTheVocabulary()
    {
        var ml = new MLContext(seed: 3);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.Reviews(600, 3)), testFraction: 0.25, seed: 3);
        var rnn = ml.MulticlassClassification.Trainers.Rnn(labelColumnName: "Label", inputColumnName: "Tokens", epochs: 6);
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Transforms.Conversion.MapValueToKey("Tokens"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(rnn);

        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        Bound.Above(ml.MulticlassClassification.Evaluate(scored).MicroAccuracy, 0.9, "accuracy");
        Assert.IsNull(model.LastTransformer.Vocabulary, "token keys need no vocabulary of ours");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "Score", "PredictedLabel");
    }

    [TestMethod]
    public void NumericSequencesOfVariableLengthWithSeveralFeaturesPerStep()
    {
        var ml = new MLContext(seed: 4);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.Traces(500, 4)), testFraction: 0.2, seed: 4);
        var rnn = ml.MulticlassClassification.Trainers.Rnn(labelColumnName: "Label", inputColumnName: "Features", featuresPerStep: 2, epochs: 12);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(rnn);

        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        Bound.Above(ml.MulticlassClassification.Evaluate(scored).MicroAccuracy, 0.9, "accuracy");
        SchemaAgreement.Check(rnn, model.LastTransformer, model.First().Transform(split.TestSet), "Score", "PredictedLabel");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "Score", "PredictedLabel");
    }

    [TestMethod]
    public void TextRegressionWithMLNetsRegressionEvaluator()
    {
        var ml = new MLContext(seed: 5);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.ScoredReviews(600, 5)), testFraction: 0.2, seed: 5);
        var rnn = ml.Regression.Trainers.Rnn(labelColumnName: "Label", inputColumnName: "Text", epochs: 15);

        var model = rnn.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        var metrics = ml.Regression.Evaluate(scored);
        Bound.Above(metrics.RSquared, 0.8, "R2");
        SchemaAgreement.Check(rnn, model, split.TestSet, "Score");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "Score");
    }

    [TestMethod]
    public void SeveralRegressionTargetsGiveAVectorScore()
    {
        var ml = new MLContext(seed: 6);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.Traces(500, 6)), testFraction: 0.2, seed: 6);
        var rnn = ml.Transforms.Rnn(new RnnOptions
        {
            Task = RnnTask.Regression, InputColumnName = "Features", LabelColumnName = "Targets", FeaturesPerStep = 2,
            Cell = RecurrentCell.Gru, HiddenSize = 24, Epochs = 20, LearningRate = 0.01f,
        });

        var model = rnn.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), scored.Schema["Score"].Type);
        // ML.NET's regression evaluator takes single values; EvaluateForecast pools a vector's (its naive forecast, the
        // last step's first feature, is beside the point for these means).
        var metrics = ml.Forecasting.EvaluateForecast(scored, labelColumnName: "Targets", historyColumnName: "Features", featuresPerStep: 2);
        Bound.Below(metrics.Regression.RootMeanSquaredError, 0.1, "RMSE");
        SchemaAgreement.Check(rnn, model, split.TestSet, "Score");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "Score");
    }

    [TestMethod]
    public void TaggingWithKeyTagsMapsPredictionsBackToTags()
    {
        var ml = new MLContext(seed: 7);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.Sentences(300, 7)), testFraction: 0.2, seed: 7);
        var rnn = ml.MulticlassClassification.Trainers.RnnTagger(labelColumnName: "Tags", inputColumnName: "Tokens", epochs: 4);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Tags").Append(rnn).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);

        var metrics = ml.MulticlassClassification.EvaluateTagging(scored);
        Assert.AreEqual(1.0, metrics.TokenAccuracy, 0.02);
        var tagged = ml.Data.CreateEnumerable<TagPrediction>(scored, reuseRowObject: false).First();
        CollectionAssert.AreEqual(new[] { "DET", "NOUN", "VERB", "DET", "NOUN" }, tagged.PredictedLabel);
        var rnnInput = model.First().Transform(split.TestSet);
        SchemaAgreement.Check(rnn, model.OfType<RnnTransformer>().Single(), rnnInput, "PredictedLabel");
        FreshProcess.AssertSameScores(ml, model, split.TestSet, scored, "PredictedLabel");
    }

    [TestMethod]
    public void TaggingWithTextTagsGivesKeysWhoseValuesAreTheTags()
    {
        var ml = new MLContext(seed: 8);
        var data = ml.Data.LoadFromEnumerable(TestRows.Sentences(200, 8));
        var rnn = ml.MulticlassClassification.Trainers.RnnTagger(epochs: 3);

        var model = rnn.Append(ml.Transforms.Conversion.MapKeyToValue("Predicted", "PredictedLabel")).Fit(data);
        var scored = model.Transform(data);

        Assert.IsInstanceOfType<KeyDataViewType>(DataViewTypes.ItemOf(scored.Schema["PredictedLabel"].Type));
        Assert.AreEqual(1.0, ml.MulticlassClassification.EvaluateTagging(scored, predictedLabelColumnName: "Predicted").TokenAccuracy, 0.02);
        CollectionAssert.AreEqual(new[] { "DET", "NOUN", "VERB" }, model.OfType<RnnTransformer>().Single().ClassNames!.ToArray());
        SchemaAgreement.Check(rnn, model.OfType<RnnTransformer>().Single(), data, "PredictedLabel");
    }

    [TestMethod]
    public void LanguageModelScoresPerplexityAndGenerates()
    {
        var ml = new MLContext(seed: 9);
        var train = ml.Data.LoadFromEnumerable([new Passage { Text = TestRows.Story(300, 9) }]);
        var test = ml.Data.LoadFromEnumerable([new Passage { Text = TestRows.Story(20, 10) }, new Passage { Text = "x" }]);
        var rnn = ml.Transforms.Rnn(new RnnOptions
        {
            Task = RnnTask.LanguageModel, InputColumnName = "Text", Tokenization = TextTokenization.Characters, Cell = RecurrentCell.Gru,
            HiddenSize = 48, EmbeddingSize = 16, Epochs = 4, BatchSize = 8, BpttLength = 20, LearningRate = 0.01f, ClipGradientNorm = 1,
        });

        var model = rnn.Fit(train);
        var scored = model.Transform(test);

        var metrics = ml.MulticlassClassification.EvaluateLanguageModel(scored);
        Bound.Below(metrics.Perplexity, 2.5, "perplexity");
        Assert.AreEqual(TestRows.Story(20, 10).Length - 1, metrics.TokenCount, "a row of one character predicts nothing");
        string generated = model.Generate("the cat ", 30, temperature: 0, seed: 1);
        Assert.AreEqual(30, generated.Length);
        StringAssert.StartsWith("the cat " + generated, "the cat sat");
        SchemaAgreement.Check(rnn, model, test, "Score", "TokenCount");
        FreshProcess.AssertSameScores(ml, model, test, scored, "Score", "TokenCount");
    }

    [TestMethod]
    public void ForecastingFromWindowsBesideMLNetsForecastBySsa()
    {
        var ml = new MLContext(seed: 10);
        var windows = ml.Data.LoadFromEnumerable(TestRows.Sines(400));
        var train = ml.Data.TakeRows(windows, 320);
        var test = ml.Data.SkipRows(windows, 320);
        var rnn = ml.Forecasting.ForecastByRnn(targetColumnName: "Target", historyColumnName: "History", epochs: 25);

        var model = rnn.Fit(train);
        var scored = model.Transform(test);

        var metrics = ml.Forecasting.EvaluateForecast(scored);
        Bound.Below(metrics.Regression.RootMeanSquaredError, 0.1, "RMSE");
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 1), scored.Schema["Score"].Type, "the score has the target's type");
        SchemaAgreement.Check(rnn, model, test, "Score");
        FreshProcess.AssertSameScores(ml, model, test, scored, "Score");
    }
}
