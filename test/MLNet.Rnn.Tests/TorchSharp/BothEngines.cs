using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Tests.Models;
using MLNet.Rnn.TorchSharp;
using MLNet.Rnn.Training;
using TorchSharp;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>The same model trained on both engines: the first step's loss and gradients agree, and so do the weights after five steps.</summary>
internal static class BothEngines
{
    /// <summary>Trains on the managed engine and on <paramref name="engine"/> (libtorch on the CPU when null) and compares.</summary>
    public static void AssertTrainAlike(SequenceModelOptions options, SequenceBatch batch, BatchTargetValues targets, RnnEngine? engine = null)
    {
        var trainer = new TrainerOptions { LearningRate = 0.01f, Seed = 3 };
        var managed = new SequenceModel(options, seed: 11);
        var torch = new SequenceModel(options, seed: 11);
        using var managedSession = RnnEngine.Managed.StartTraining(managed, trainer);
        using var torchSession = (engine ?? TorchSharpEngine.Cpu()).StartTraining(torch, trainer);
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

    /// <summary>
    /// Runs <paramref name="compare"/> with cuDNN in full float32: its recurrent kernels compute in TF32 on Ampere and
    /// later GPUs by default (as in PyTorch), which alone differs from float32 by more than the 1e-4 the engines agree
    /// within, and the comparison is of the engine's code, not of TF32.
    /// </summary>
    public static void InFloat32(Action compare)
    {
        bool tf32 = torch.backends.cudnn.allow_tf32;
        torch.backends.cudnn.allow_tf32 = false;
        try
        {
            compare();
        }
        finally
        {
            torch.backends.cudnn.allow_tf32 = tf32;
        }
    }
}
