using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests.Api;

public sealed class Trace
{
    public float[][] Features { get; set; } = [];

    public string Label { get; set; } = "";

    public float[] Targets { get; set; } = [];
}

/// <summary>Numeric sequences through the API: classification and multi-output regression, saved and reloaded.</summary>
[TestClass]
public sealed class NumericSequenceTests
{
    /// <summary>Two-feature traces: class "rising" or "falling" by the first feature's trend; targets are its sum and last value.</summary>
    private static Trace[] Traces(int count, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            bool rising = i % 2 == 0;
            int length = 4 + rng.NextInt(8);
            var steps = Enumerable.Range(0, length).Select(t => new[] { (rising ? t : -t) * 0.2f + 0.3f * rng.NextNormal(), rng.NextNormal() }).ToArray();
            return new Trace { Features = steps, Label = rising ? "rising" : "falling", Targets = [steps.Sum(s => s[0]), steps[^1][0]] };
        }).ToArray();
    }

    [TestMethod]
    public void SequenceClassificationOverNumericSteps()
    {
        var rnn = new RnnContext(seed: 1);
        var model = rnn.Transforms.SequenceClassification(new RnnOptions { InputColumnName = "Features", LabelColumnName = "Label", Cell = RecurrentCell.Gru, HiddenSize = 16, Epochs = 10, LearningRate = 0.01f })
            .Fit(rnn.Data.LoadFromEnumerable(Traces(300, 1)));
        var scored = model.Transform(rnn.Data.LoadFromEnumerable(Traces(100, 2)));
        Assert.IsGreaterThan(0.9, rnn.Evaluate.Classification(scored).Accuracy);
        CollectionAssert.AreEqual(new[] { "falling", "rising" }, model.ClassNames!.ToArray());
        Assert.IsTrue(scored.GetText("PredictedLabel").All(l => l is "rising" or "falling"));
        AssertSaveLoadIsExact(rnn, model, scored.Take([0, 1, 2]), "Score");
    }

    [TestMethod]
    public void SequenceRegressionWithSeveralOutputs()
    {
        var rnn = new RnnContext(seed: 3);
        var model = rnn.Transforms.SequenceRegression(new RnnOptions { InputColumnName = "Features", LabelColumnName = "Targets", HiddenSize = 24, Epochs = 25, LearningRate = 0.01f })
            .Fit(rnn.Data.LoadFromEnumerable(Traces(400, 3)));
        var scored = model.Transform(rnn.Data.LoadFromEnumerable(Traces(100, 4)));
        var metrics = rnn.Evaluate.Regression(scored, "Targets");
        Assert.IsGreaterThan(0.9, metrics.RSquared, $"R2 {metrics.RSquared}, RMSE {metrics.Rmse}");
        Assert.AreEqual(2, scored.GetVectors("Score")[0].Length);
        AssertSaveLoadIsExact(rnn, model, scored, "Score");
    }

    [TestMethod]
    public void AMissingSequenceIsNamedByRow()
    {
        var rnn = new RnnContext(seed: 6);
        var rows = Traces(4, 6);
        rows[0].Features = null!;
        var e = Assert.ThrowsExactly<ArgumentException>(() => rnn.Transforms.SequenceRegression("Targets", "Features").Fit(rnn.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "row 0");
    }

    [TestMethod]
    public void WeightsExportAndImportUnderPyTorchNames()
    {
        var rnn = new RnnContext(seed: 5);
        var data = rnn.Data.LoadFromEnumerable(Traces(40, 5));
        var options = new RnnOptions { InputColumnName = "Features", LabelColumnName = "Label", HiddenSize = 8, Epochs = 1 };
        var trained = rnn.Transforms.SequenceClassification(options).Fit(data);
        var untrained = rnn.Transforms.SequenceClassification(options with { Epochs = 1, LearningRate = 1e-6f }).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{Guid.NewGuid():N}.safetensors");
        try
        {
            trained.ExportWeights(path);
            untrained.ImportWeights(path);
            CollectionAssert.AreEqual(trained.Model.Parameters.Values, untrained.Model.Parameters.Values);
            var wider = rnn.Transforms.SequenceClassification(options with { HiddenSize = 9 }).Fit(data);
            var before = (float[])wider.Model.Parameters.Values.Clone();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => wider.ImportWeights(path));
            StringAssert.Contains(e.Message, "rnn.weight_ih_l0");
            CollectionAssert.AreEqual(before, wider.Model.Parameters.Values, "a failed import changes nothing");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static void AssertSaveLoadIsExact(RnnContext rnn, RnnTransformer model, MLNet.Rnn.Data.Table data, string column)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{Guid.NewGuid():N}.zip");
        try
        {
            rnn.Model.Save(model, path);
            var loaded = rnn.Model.Load(path);
            var before = model.Transform(data).GetValues(column);
            var after = loaded.Transform(data).GetValues(column);
            Assert.AreEqual(before.Count, after.Count);
            for (int i = 0; i < before.Count; i++)
            {
                if (before[i] is float[] vector)
                    CollectionAssert.AreEqual(vector, (float[])after[i]!, $"row {i}");
                else
                    Assert.AreEqual(before[i], after[i], $"row {i}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
