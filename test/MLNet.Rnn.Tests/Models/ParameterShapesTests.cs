using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Tests.Models;

/// <summary>
/// A model's parameters follow from its options alone, so a saved model's weights are checked against them before
/// anything is built, and the model allocates its flat buffers once.
/// </summary>
[TestClass]
internal sealed class ParameterShapesTests
{
    [TestMethod]
    [DataRow(RecurrentMode.Lstm, 1, true, true)]
    [DataRow(RecurrentMode.Gru, 3, false, true)]
    [DataRow(RecurrentMode.RnnTanh, 2, true, false)]
    [DataRow(RecurrentMode.RnnRelu, 1, false, false)]
    public void TheShapesTheOptionsGiveAreTheModelsOwnInOrder(RecurrentMode mode, int layers, bool bidirectional, bool tokens)
    {
        var options = new SequenceModelOptions
        {
            Mode = mode, VocabularySize = tokens ? 13 : null, EmbeddingSize = 5, FeatureCount = 3, HiddenSize = 4, NumLayers = layers,
            Bidirectional = bidirectional, Outputs = 2,
        };

        var model = new SequenceModel(options, seed: 1);

        var expected = options.ParameterShapes().Select(p => $"{p.Name}{Tensor.FormatShape(p.Shape)}").ToArray();
        CollectionAssert.AreEqual(expected, model.Parameters.Parameters.Select(p => p.ToString()).ToArray());
        Assert.AreEqual(options.ParameterCount, model.Parameters.Count);
        Assert.HasCount(model.Parameters.Count, model.Parameters.Values, "the buffer is exactly the parameters");
    }

    [TestMethod]
    public void SizesBeyondTheLimitsAreRefusedByName()
    {
        var options = new SequenceModelOptions { VocabularySize = 10, HiddenSize = 8 };

        Assert.AreEqual("NumLayers", Assert.Throws<ArgumentException>(() => (options with { NumLayers = ModelLimits.MaxLayers + 1 }).Validate()).ParamName);
        Assert.AreEqual("HiddenSize", Assert.Throws<ArgumentException>(() => (options with { HiddenSize = ModelLimits.MaxHiddenSize + 1 }).Validate()).ParamName);
        Assert.AreEqual("VocabularySize", Assert.Throws<ArgumentException>(() => (options with { VocabularySize = ModelLimits.MaxVocabulary + 1 }).Validate()).ParamName);
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => (options with { VocabularySize = 5_000_000, EmbeddingSize = 4096 }).Validate()).Message, "parameters; at most 1073741824");
        Assert.AreEqual("Head", Assert.Throws<ArgumentException>(() => (options with { Head = (HeadKind)99 }).Validate()).ParamName);
    }
}
