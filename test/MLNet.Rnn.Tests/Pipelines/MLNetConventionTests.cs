using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Where ML.NET has a convention, ours follows it: the order of the added columns, options overloads on the trainer catalogs.</summary>
[TestClass]
public sealed class MLNetConventionTests
{
    /// <summary>The columns a transformer added to <paramref name="input"/>, in schema order.</summary>
    private static string[] Added(ITransformer model, IDataView input) =>
        model.GetOutputSchema(input.Schema).Skip(input.Schema.Count).Select(c => c.Name).Where(n => n is "PredictedLabel" or "Score" or "Probability").ToArray();

    [TestMethod]
    public void MulticlassColumnsComeInTheOrderOfMLNetsOwnTrainer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(TestRows.Reviews(30, 1))).Transform(ml.Data.LoadFromEnumerable(TestRows.Reviews(30, 1)));
        var featurized = ml.Transforms.Text.FeaturizeText("Features", "Text").Fit(data).Transform(data);
        var theirs = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 1).Fit(featurized);
        var ours = ml.MulticlassClassification.Trainers.Rnn(epochs: 1).Fit(data);

        CollectionAssert.AreEqual(Added(theirs, featurized), Added(ours, data));
    }

    [TestMethod]
    public void BinaryColumnsComeInTheOrderOfMLNetsOwnTrainer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(30, 1).Select((r, i) => new BinaryReview { Text = r.Text, Label = i % 2 == 0 }));
        var featurized = ml.Transforms.Text.FeaturizeText("Features", "Text").Fit(data).Transform(data);
        var theirs = ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 1).Fit(featurized);
        var ours = ml.BinaryClassification.Trainers.Rnn(epochs: 1).Fit(data);

        CollectionAssert.AreEqual(Added(theirs, featurized), Added(ours, data));
        CollectionAssert.AreEqual(new[] { "PredictedLabel", "Score", "Probability" }, Added(ours, data));
    }

    [TestMethod]
    public void TrainerCatalogsTakeTheOptionsAndSetTheirTask()
    {
        var ml = new MLContext(seed: 1);
        var options = new RnnOptions { Task = RnnTask.LanguageModel, HiddenSize = 8, LearningRate = 0.5f };

        (RnnEstimator Estimator, RnnTask Task)[] made =
        [
            (ml.MulticlassClassification.Trainers.Rnn(options), RnnTask.Classification),
            (ml.BinaryClassification.Trainers.Rnn(options), RnnTask.Classification),
            (ml.MulticlassClassification.Trainers.RnnTagger(options), RnnTask.Tagging),
            (ml.Regression.Trainers.Rnn(options), RnnTask.Regression),
            (ml.Forecasting.ForecastByRnn(options), RnnTask.Forecasting),
            (ml.Transforms.Text.RnnLanguageModel(options), RnnTask.LanguageModel),
        ];
        foreach (var (estimator, task) in made)
        {
            Assert.AreEqual(task, estimator.Options.Task);
            Assert.AreEqual(8, estimator.Options.HiddenSize, $"{task}: the options' own values are kept");
            Assert.AreEqual(0.5f, estimator.Options.LearningRate);
        }
    }
}
