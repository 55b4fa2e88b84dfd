namespace MLNet.Rnn.Training;

/// <summary>A report sent through <see cref="IProgress{T}"/> after every batch and at the end of each epoch.</summary>
/// <param name="Epoch">The current epoch, 1-based.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Step">Batches done in this epoch.</param>
/// <param name="StepsPerEpoch">Batches per epoch.</param>
/// <param name="Loss">The mean training loss of this epoch so far.</param>
/// <param name="LearningRate">The learning rate of the latest step.</param>
/// <param name="Validation">At the end of an epoch with validation data, its evaluation; otherwise null.</param>
/// <param name="TokensPerSecond">Training throughput so far (steps processed per second).</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">An estimate of the time left, from the pace so far.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double LearningRate,
    Evaluation? Validation, double TokensPerSecond, TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>Whether this report closes an epoch.</summary>
    public bool EndOfEpoch => Step == StepsPerEpoch;

    /// <summary>Completed fraction of the whole run, in [0, 1].</summary>
    public double Fraction => ((Epoch - 1) * (double)StepsPerEpoch + Step) / ((double)Epochs * StepsPerEpoch);

    /// <summary>A report whose throughput and time left follow from the tokens and steps done so far.</summary>
    internal static TrainingProgress Create(int epoch, int epochs, int step, int stepsPerEpoch, double loss, double learningRate, Evaluation? validation,
        long tokens, TimeSpan elapsed, long stepsDone, long totalSteps)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        var remaining = TimeSpan.FromSeconds(seconds / Math.Max(stepsDone, 1) * (totalSteps - stepsDone));
        return new TrainingProgress(epoch, epochs, step, stepsPerEpoch, loss, learningRate, validation, tokens / seconds, elapsed, remaining);
    }
}

/// <summary>One epoch's figures.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's batches.</param>
/// <param name="Validation">Evaluation on the validation data, or null without it.</param>
public sealed record EpochSummary(int Epoch, double TrainingLoss, Evaluation? Validation);

/// <summary>How a training run went.</summary>
/// <param name="Epochs">Each completed epoch.</param>
/// <param name="BestEpoch">The epoch whose weights the model holds: the best validation loss, or the last epoch without validation.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run.</param>
/// <param name="Cancelled">Whether cancellation ended the run (the model still holds usable weights).</param>
/// <param name="Elapsed">Wall-clock training time.</param>
public sealed record TrainingResult(IReadOnlyList<EpochSummary> Epochs, int BestEpoch, bool StoppedEarly, bool Cancelled, TimeSpan Elapsed);
