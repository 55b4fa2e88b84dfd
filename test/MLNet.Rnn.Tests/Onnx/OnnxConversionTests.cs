using Microsoft.ML;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>ConvertToOnnx writes the model itself, whole, or refuses: it can no longer write a file without our nodes.</summary>
[TestClass]
public sealed class OnnxConversionTests
{
    private static (MLContext Ml, ITransformer Model, IDataView Data) Classifier()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1));
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Rnn(new RnnOptions { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);
        return (ml, model, data);
    }

    [TestMethod]
    public void TheFileHoldsTheModelAndTakesOnlyTheDatasColumns()
    {
        var (ml, model, data) = Classifier();
        byte[] onnx = OnnxAgreement.Convert(ml, model, data);
        using var session = new OnnxSession(onnx);

        // Before the export, the converter stopped at our view: Score and PredictedLabel were graph inputs wired to the
        // outputs through Identity nodes, and no recurrent node was written.
        CollectionAssert.IsSubsetOf(new[] { "Tokenizer", "LabelEncoder", "Gather", "LSTM", "Gemm", "Softmax", "ArgMax" }, OnnxOperators.Of(onnx).Distinct().ToArray());
        CollectionAssert.AreEquivalent(new[] { "Text", "Label" }, session.InputNames.ToArray());
    }

    [TestMethod]
    public void AnOpsetBelowElevenIsRefusedByName()
    {
        var (ml, model, data) = Classifier();

        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, data, 10, new MemoryStream()));

        StringAssert.Contains(error.Message, "needs opset 11 or 12");
    }

    [TestMethod]
    public void ACrfTaggerIsRefusedNamingTheCrf()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Sentences(40, 1));
        var model = ml.MulticlassClassification.Trainers.RnnTagger(new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 }).Fit(data);

        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, data, new MemoryStream()));

        StringAssert.Contains(error.Message, "CRF output layer");
        StringAssert.Contains(error.Message, "Crf = false");
    }

    [TestMethod]
    public void ATaggerWithCharacterFeaturesIsRefusedNamingThem()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Sentences(40, 1));
        var model = ml.MulticlassClassification.Trainers.RnnTagger(new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 4, EmbeddingSize = 4, Epochs = 1, Crf = false }).Fit(data);

        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, data, new MemoryStream()));

        StringAssert.Contains(error.Message, "CharacterFeatures = 0");
    }
}
