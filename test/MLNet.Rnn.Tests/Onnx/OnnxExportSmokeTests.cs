using Microsoft.ML;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Onnx;

[TestClass]
public sealed class OnnxExportSmokeTests
{
    [TestMethod]
    public void ATextClassifierScoresTheSameInOnnxRuntime()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(60, 1));
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Rnn(new RnnOptions { HiddenSize = 8, EmbeddingSize = 8, Epochs = 2 })).Fit(data);
        using var onnx = new OnnxRun(ml, model, data);
        Console.WriteLine(string.Join(",", onnx.Operators.Distinct()));
        var texts = new[] { "good food", "", "The staff was RUDE and the food Cold!", "zzz unseen", "ÜBER good" };
        var scored = model.Transform(ml.Data.LoadFromEnumerable(texts.Select(t => new Review { Text = t, Label = "pos" })));
        var expected = ScoredValues.Of(scored, "Score").Select(ScoredValues.Floats).ToList();
        var labels = ScoredValues.Of(scored, "PredictedLabel");
        for (int i = 0; i < texts.Length; i++)
        {
            var outputs = onnx.Run(new Dictionary<string, object> { ["Text"] = texts[i] });
            var score = (float[])outputs["Score"];
            for (int c = 0; c < score.Length; c++)
                Bound.Near(score[c], expected[i][c], 1e-5 * Math.Max(1, Math.Abs(expected[i][c])), $"row {i} class {c}");
            Assert.AreEqual(labels[i], ((uint[])outputs["PredictedLabel"])[0].ToString(), $"row {i}");
        }
    }
}
