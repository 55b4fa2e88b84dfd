using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Tests.Models;
using MLNet.Rnn.TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>The TorchSharp engine's CRF (autograd over the forward algorithm) against the PyTorch reference and the managed engine.</summary>
[TestClass]
public sealed class TorchCrfTests
{
    public static IEnumerable<object[]> Fixtures() => CrfFixture.Names();

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void LossAndGradientsMatchPyTorch(string fileName)
    {
        LibTorch.EnsureLoaded();
        var f = CrfFixture.Load(fileName);
        using var scope = NewDisposeScope();
        using var crf = new TorchCrf(f.NumTags, CPU);
        var parameters = crf.Named("crf.").ToDictionary(p => p.Name, p => p.Parameter);
        using (no_grad())
        {
            parameters["crf.start_transitions"].copy_(tensor(f.Start));
            parameters["crf.end_transitions"].copy_(tensor(f.End));
            parameters["crf.transitions"].copy_(tensor(f.Transitions, [f.NumTags, f.NumTags]));
        }
        var emissions = tensor(f.Emissions, [f.Tags.Length, f.NumTags]).requires_grad_();
        var loss = crf.NegativeLogLikelihood(emissions, f.Batch.Layout, f.Tags);
        loss.backward();
        // Float32 throughout in libtorch, so a little looser than the managed CRF's double arithmetic.
        Bound.Near(loss.item<float>(), f.Loss, 1e-5 * Math.Abs(f.Loss) + 1e-5, $"{fileName}: loss");
        CrfTests.AssertClose(f.GradEmissions, emissions.grad!.data<float>().ToArray(), $"{fileName}: gradient of the emissions", 1e-5);
        CrfTests.AssertClose(f.GradStart, parameters["crf.start_transitions"].grad!.data<float>().ToArray(), $"{fileName}: gradient of start_transitions", 1e-5);
        CrfTests.AssertClose(f.GradEnd, parameters["crf.end_transitions"].grad!.data<float>().ToArray(), $"{fileName}: gradient of end_transitions", 1e-5);
        CrfTests.AssertClose(f.GradTransitions, parameters["crf.transitions"].grad!.data<float>().ToArray(), $"{fileName}: gradient of transitions", 1e-5);
    }

    [TestMethod]
    public void ACrfTaggerTrainsAlikeOnBothEngines()
    {
        var options = new SequenceModelOptions { VocabularySize = 9, EmbeddingSize = 6, HiddenSize = 5, Bidirectional = true, Head = HeadKind.PerStep, Outputs = 4, Crf = true };
        var random = new Random(7);
        var batch = SequenceBatch.FromTokens(new[] { 4, 7, 1, 7, 3 }.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(9)).ToArray()).ToArray());
        var targets = new BatchTargetValues(Enumerable.Range(0, batch.Layout.TotalRows).Select(_ => random.Next(4)).ToArray(), null);
        BothEngines.AssertTrainAlike(options, batch, targets);
    }
}
