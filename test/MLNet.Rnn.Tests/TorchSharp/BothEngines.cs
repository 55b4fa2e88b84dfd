using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Tests.Models;
using MLNet.Rnn.TorchSharp;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>The same model trained on both engines: the first step's loss and gradients agree, and so do the weights after five steps.</summary>
internal static class BothEngines
{
    public static void AssertTrainAlike(SequenceModelOptions options, SequenceBatch batch, BatchTargetValues targets)
    {
        var trainer = new TrainerOptions { LearningRate = 0.01f, Seed = 3 };
        var managed = new SequenceModel(options, seed: 11);
        var torch = new SequenceModel(options, seed: 11);
        using var managedSession = RnnEngine.Managed.StartTraining(managed, trainer);
        using var torchSession = TorchSharpEngine.Cpu().StartTraining(torch, trainer);
        managedSession.Training = torchSession.Training = true;

        Bound.Near(torchSession.TrainStep(batch, targets), managedSession.TrainStep(batch, targets), 1e-4, "loss of the first step");
        torchSession.ReadGradients(torch.Parameters);
        foreach (var parameter in managed.Parameters.Parameters)
            CrfTests.AssertClose(parameter.Gradient.ToArray(), torch.Parameters[parameter.Name].Gradient.ToArray(), $"gradient of {parameter.Name}", 1e-4);
        for (int step = 2; step <= 5; step++)
        {
            managedSession.TrainStep(batch, targets);
            torchSession.TrainStep(batch, targets);
        }
        torchSession.ReadWeights(torch.Parameters);
        foreach (var parameter in managed.Parameters.Parameters)
            CrfTests.AssertClose(parameter.Value.ToArray(), torch.Parameters[parameter.Name].Value.ToArray(), $"{parameter.Name} after 5 steps", 1e-3);
    }
}
