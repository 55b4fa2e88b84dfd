namespace MLNet.Rnn.Training;

/// <summary>How the learning rate changes over training: a factor applied to the base rate before each optimizer step.</summary>
internal abstract class LearningRateSchedule
{
    /// <summary>The base rate throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>Multiply the rate by <paramref name="gamma"/> every <paramref name="everyEpochs"/> epochs (PyTorch's <c>StepLR</c> stepped per epoch).</summary>
    public static LearningRateSchedule Step(int everyEpochs, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(everyEpochs);
        if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be positive.");
        return new StepSchedule(everyEpochs, gamma);
    }

    /// <summary>
    /// Linear warm-up from 0 over <paramref name="warmupSteps"/> optimizer steps, then cosine decay to
    /// <paramref name="finalFactor"/> times the base rate at the last step.
    /// </summary>
    public static LearningRateSchedule CosineWithWarmup(int warmupSteps = 0, double finalFactor = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (!(finalFactor >= 0 && finalFactor <= 1)) throw new ArgumentOutOfRangeException(nameof(finalFactor), finalFactor, "The final factor must be in [0, 1].");
        return new CosineSchedule(warmupSteps, finalFactor);
    }

    /// <summary>The factor for the step about to be taken.</summary>
    /// <param name="step">Optimizer steps already taken (0 for the first).</param>
    /// <param name="epoch">The current epoch, 0-based.</param>
    /// <param name="totalSteps">The optimizer steps the whole run will take.</param>
    public abstract double Factor(long step, int epoch, long totalSteps);

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override double Factor(long step, int epoch, long totalSteps) => 1;
    }

    private sealed class StepSchedule(int everyEpochs, double gamma) : LearningRateSchedule
    {
        public override double Factor(long step, int epoch, long totalSteps) => Math.Pow(gamma, epoch / everyEpochs);
    }

    private sealed class CosineSchedule(int warmupSteps, double finalFactor) : LearningRateSchedule
    {
        public override double Factor(long step, int epoch, long totalSteps)
        {
            if (step < warmupSteps)
                return (step + 1.0) / warmupSteps;
            double span = Math.Max(1, totalSteps - warmupSteps - 1);
            double progress = Math.Min(1, (step - warmupSteps) / span);
            return finalFactor + (1 - finalFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
        }
    }
}
