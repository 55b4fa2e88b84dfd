using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;
using MLNet.Rnn.TorchSharp;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>
/// A training session starts in its model's mode on both engines, and does what its <c>Training</c> says: dropout on
/// (outputs vary from pass to pass) exactly when it reports training.
/// </summary>
[TestClass]
public sealed class SessionModeTests
{
    public static IEnumerable<object[]> Cases() => [["managed", true], ["managed", false], ["libtorch", true], ["libtorch", false]];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ANewSessionIsInItsModelsModeAndDropsOutOnlyWhenItSaysSo(string engineName, bool training)
    {
        var model = new SequenceModel(new SequenceModelOptions
        {
            Mode = RecurrentMode.Gru, FeatureCount = 2, HiddenSize = 6, NumLayers = 2, Dropout = 0.5f, HeadDropout = 0.5f, Outputs = 3,
        }, seed: 1) { Training = training };
        var engine = engineName == "managed" ? RnnEngine.Managed : TorchSharpEngine.Cpu();
        using var session = engine.StartTraining(model, new TrainerOptions { Seed = 2 });
        var batch = SequenceBatch.FromFeatures([[0.5f, -1, 2, 0.25f, 1, 1], [-0.5f, 0.75f]], 2);

        Assert.AreEqual(training, session.Training, "the session starts in the model's mode");
        Assert.AreEqual(!training, session.Forward(batch).SequenceEqual(session.Forward(batch)), "two passes agree exactly when dropout is off");
    }
}
