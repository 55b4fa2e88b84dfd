using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Tests.Models;
using MLNet.Rnn.Tests.Nn;
using MLNet.Rnn.TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>The TorchSharp engine's character CNN (padded words, masked maximum, autograd) against the PyTorch reference and the managed engine.</summary>
[TestClass]
public sealed class TorchCharacterCnnTests
{
    public static IEnumerable<object[]> Fixtures() => CharacterCnnFixture.Names();

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void FeaturesAndGradientsMatchPyTorch(string fileName)
    {
        LibTorch.EnsureLoaded();
        var f = CharacterCnnFixture.Load(fileName);
        using var scope = NewDisposeScope();
        using var cnn = new TorchCharacterCnn(f.Characters, f.EmbeddingSize, f.Filters, CPU);
        var parameters = cnn.Named().ToDictionary(p => p.Name, p => p.Parameter);
        using (no_grad())
        {
            parameters["char_embedding.weight"].copy_(tensor(f.Embedding, [f.Characters, f.EmbeddingSize]));
            parameters["char_cnn.weight"].copy_(tensor(f.Weight, [f.Filters, f.EmbeddingSize, 3]));
            parameters["char_cnn.bias"].copy_(tensor(f.Bias));
        }
        var batch = SequenceBatch.FromTokens([new int[f.Words.Words]], [f.Words]);
        var torchBatch = TorchBatch.Create(batch, CPU);
        var features = cnn.Forward(torchBatch.Characters!, torchBatch.CharacterLengths!);
        // One sequence: its packed rows are its words in order.
        CrfTests.AssertClose(f.Features, features.data<float>().ToArray(), $"{fileName}: features");
        (features * tensor(f.GradOutput, [f.Words.Words, f.Filters])).sum().backward();
        CrfTests.AssertClose(f.GradEmbedding, parameters["char_embedding.weight"].grad!.data<float>().ToArray(), $"{fileName}: gradient of char_embedding.weight");
        CrfTests.AssertClose(f.GradWeight, parameters["char_cnn.weight"].grad!.data<float>().ToArray(), $"{fileName}: gradient of char_cnn.weight");
        CrfTests.AssertClose(f.GradBias, parameters["char_cnn.bias"].grad!.data<float>().ToArray(), $"{fileName}: gradient of char_cnn.bias");
    }

    [TestMethod]
    public void ATaggerWithCharacterFeaturesTrainsAlikeOnBothEngines() => AssertTrainsAlike(null);

    [TestMethod]
    public void ATaggerWithCharacterFeaturesTrainsAlikeOnCudaToo()
    {
        var cuda = TorchSharpEngine.TryCuda(0, servePredictions: false, out string? unavailable);
        if (cuda is null)
        {
            Assert.Inconclusive($"Not run: {unavailable}.");
            return;
        }
        BothEngines.InFloat32(() => AssertTrainsAlike(cuda));
    }

    /// <summary>A tagger with character features and a CRF, trained five steps on the managed engine and on <paramref name="engine"/> (libtorch's CPU when null).</summary>
    private static void AssertTrainsAlike(RnnEngine? engine)
    {
        var options = new SequenceModelOptions
        {
            VocabularySize = 9, EmbeddingSize = 6, HiddenSize = 5, Bidirectional = true, Head = HeadKind.PerStep, Outputs = 4, Crf = true,
            CharacterFilters = 7, CharacterVocabularySize = 11, CharacterEmbeddingSize = 4,
        };
        var random = new Random(7);
        var tokens = new[] { 4, 7, 1, 7, 3 }.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(9)).ToArray()).ToArray();
        var characters = tokens.Select(row => WordCharacters.FromWords(row.Select(_ => Enumerable.Range(0, random.Next(6)).Select(_ => random.Next(11)).ToArray()).ToArray())).ToArray();
        var batch = SequenceBatch.FromTokens(tokens, characters);
        var targets = new BatchTargetValues(Enumerable.Range(0, batch.Layout.TotalRows).Select(_ => random.Next(4)).ToArray(), null);
        BothEngines.AssertTrainAlike(options, batch, targets, engine);
    }
}
