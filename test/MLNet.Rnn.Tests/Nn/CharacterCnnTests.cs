using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Tests.Models;

namespace MLNet.Rnn.Tests.Nn;

/// <summary>The managed character CNN against the PyTorch reference, finite differences through a whole model, and its place among the parameters.</summary>
[TestClass]
public sealed class CharacterCnnTests
{
    public static IEnumerable<object[]> Fixtures() => CharacterCnnFixture.Names();

    [TestMethod]
    public void EveryCaseHasAFixture() => Assert.IsGreaterThanOrEqualTo(3, Fixtures().Count());

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void FeaturesAndGradientsMatchPyTorch(string fileName)
    {
        var f = CharacterCnnFixture.Load(fileName);
        var cnn = f.Cnn(out var store);
        var features = new float[f.Words.Words * f.Filters];
        cnn.Forward(f.Words, features);
        CrfTests.AssertClose(f.Features, features, $"{fileName}: features");
        cnn.Backward(f.GradOutput);
        CrfTests.AssertClose(f.GradEmbedding, store["char_embedding.weight"].Gradient.ToArray(), $"{fileName}: gradient of char_embedding.weight");
        CrfTests.AssertClose(f.GradWeight, store["char_cnn.weight"].Gradient.ToArray(), $"{fileName}: gradient of char_cnn.weight");
        CrfTests.AssertClose(f.GradBias, store["char_cnn.bias"].Gradient.ToArray(), $"{fileName}: gradient of char_cnn.bias");
    }

    [TestMethod]
    public void AWordsFeaturesDoNotDependOnTheWordsBesideIt()
    {
        var store = new ParameterStore();
        var cnn = new CharacterCnn(6, 4, 5, 3, store);
        var alone = new float[5];
        cnn.Forward(new WordCharacters([0, 3], [1, 2, 3]), alone);
        var together = new float[15];
        cnn.Forward(new WordCharacters([0, 9, 12, 12], [5, 4, 3, 2, 1, 0, 1, 2, 3, 1, 2, 3]), together);
        CollectionAssert.AreEqual(alone, together[5..10], "the same word after a longer one");
        CollectionAssert.AreEqual(new float[5], together[10..], "a word without characters has zero features");
    }

    [TestMethod]
    public void ATaggersGradientsThroughTheCharactersMatchFiniteDifferences()
    {
        var options = new SequenceModelOptions
        {
            VocabularySize = 5, EmbeddingSize = 3, HiddenSize = 4, Bidirectional = true, Head = HeadKind.PerStep, Outputs = 3,
            CharacterFilters = 4, CharacterVocabularySize = 6, CharacterEmbeddingSize = 3,
        };
        var model = new SequenceModel(options, seed: 5);
        var words = new[] { new[] { 1, 2, 3 }, new[] { 4 }, new[] { 2, 2, 5, 1 }, new[] { 0, 3 }, new[] { 5 } };
        var batch = SequenceBatch.FromTokens([[1, 4, 2], [3, 0]], [WordCharacters.FromWords(words[..3]), WordCharacters.FromWords(words[3..])]);
        var rng = new Rng(9);
        var weights = new float[batch.Layout.TotalRows * options.Outputs];
        rng.FillNormal(weights);
        double Loss() => FiniteDifferences.Weighted(model.Forward(batch).Logits, weights);

        Loss();
        model.Parameters.ZeroGradients();
        model.Backward(weights);
        foreach (var name in new[] { "char_embedding.weight", "char_cnn.weight", "char_cnn.bias", "embedding.weight" })
        {
            var parameter = model.Parameters[name];
            var values = model.Parameters.Values;
            var slice = values.AsSpan(parameter.Offset, parameter.Length).ToArray();
            var analytic = parameter.Gradient.ToArray();
            FiniteDifferences.AssertMatches(slice, analytic, () =>
            {
                slice.CopyTo(values, parameter.Offset);
                return Loss();
            }, 1, 2e-3, name);
        }
    }

    [TestMethod]
    public void ParametersComeLastUnderPyTorchNames()
    {
        var plain = new SequenceModelOptions { VocabularySize = 7, EmbeddingSize = 4, HiddenSize = 3, Head = HeadKind.PerStep, Outputs = 5, Crf = true };
        var spelled = plain with { CharacterFilters = 6, CharacterVocabularySize = 9, CharacterEmbeddingSize = 2 };
        var names = spelled.ParameterShapes().Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]").ToArray();
        CollectionAssert.AreEqual(new[] { "char_embedding.weight [9, 2]", "char_cnn.weight [6, 2, 3]", "char_cnn.bias [6]" }, names[^3..]);
        Assert.AreEqual("rnn.weight_ih_l0 [12, 10]", names[1], "the recurrent layer reads the embedding and the spelling side by side");
        Assert.AreEqual("CharacterFilters", Assert.Throws<ArgumentException>(() => (spelled with { VocabularySize = null }).Validate()).ParamName);
        Assert.AreEqual("CharacterVocabularySize", Assert.Throws<ArgumentException>(() => (spelled with { CharacterVocabularySize = 0 }).Validate()).ParamName);
    }
}
