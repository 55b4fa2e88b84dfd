namespace MLNet.Rnn.Training;

/// <summary>Thrown when the training loss becomes NaN or infinite; the model keeps the weights from before that step.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the given place in training.</summary>
    public TrainingDivergedException(int epoch, int step, long globalStep, double loss)
        : base($"The training loss became {loss} at epoch {epoch}, batch {step} (optimizer step {globalStep + 1}). " +
               "The weights are those from before this batch. Try a lower learning rate, gradient clipping, or check the inputs for NaN or huge values.")
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    /// <summary>The epoch (1-based) in which the loss diverged.</summary>
    public int Epoch { get; }

    /// <summary>The batch (1-based) within the epoch.</summary>
    public int Step { get; }

    /// <summary>The non-finite loss.</summary>
    public double Loss { get; }
}
