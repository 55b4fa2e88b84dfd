using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>The exported file inside ML.NET again, through ApplyOnnxModel: a pipeline using it predicts what the original does.</summary>
[TestClass]
public sealed class ApplyOnnxModelTests
{
    private sealed class Labelled
    {
        public string PredictedLabel { get; set; } = "";
    }

    // ApplyOnnxModel gives a graph output the name of the column it was made from (without the converter's ".output").
    private sealed class FromOnnx
    {
        public string[] PredictedLabel { get; set; } = [];
    }

    private sealed class TagsFromOnnx
    {
        public uint[] PredictedLabel { get; set; } = [];
    }

    [TestMethod]
    public void AClassifierPipelineThroughApplyOnnxModelPredictsTheSameLabels()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestRows.Reviews(120, 1).Concat(AdversarialText.Texts.Select(t => new Review { Text = t, Label = "meh" })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Rnn(new RnnOptions { HiddenSize = 8, EmbeddingSize = 8, Epochs = 2 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);
        string file = ExportTo(ml, model, data);

        var onnx = ml.Transforms.ApplyOnnxModel(["PredictedLabel.output"], ["Text", "Label"], file).Fit(data);

        var original = ml.Data.CreateEnumerable<Labelled>(model.Transform(data), reuseRowObject: false).Select(r => r.PredictedLabel).ToList();
        var exported = ml.Data.CreateEnumerable<FromOnnx>(onnx.Transform(data), reuseRowObject: false).Select(r => r.PredictedLabel.Single()).ToList();
        CollectionAssert.AreEqual(original, exported);
    }

    [TestMethod]
    public void ATaggerThroughApplyOnnxModelPredictsTheSameTags()
    {
        var ml = new MLContext(seed: 1);
        var training = ml.Data.LoadFromEnumerable(TestRows.Sentences(100, 1));
        var rows = ml.Data.LoadFromEnumerable(TestRows.Sentences(60, 2));
        var model = ml.MulticlassClassification.Trainers.RnnTagger(new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 8, Epochs = 2, Crf = false, CharacterFeatures = 0 }).Fit(training);
        string file = ExportTo(ml, model, rows);

        var onnx = ml.Transforms.ApplyOnnxModel(["PredictedLabel.output"], ["Tokens", "Tags"], file).Fit(rows);

        var original = ScoredValues.Of(model.Transform(rows), "PredictedLabel");
        var exported = ml.Data.CreateEnumerable<TagsFromOnnx>(onnx.Transform(rows), reuseRowObject: false).Select(r => string.Join(",", r.PredictedLabel)).ToList();
        CollectionAssert.AreEqual(original, exported);
    }

    private static string ExportTo(MLContext ml, ITransformer model, IDataView data)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("mlnet-rnn-apply-onnx-").FullName, "model.onnx");
        File.WriteAllBytes(file, OnnxAgreement.Convert(ml, model, data));
        return file;
    }
}
