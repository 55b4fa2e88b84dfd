using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Training;

/// <summary>
/// Tracks the best validation loss across epochs, keeps a copy of those weights, says when patience has run out,
/// and puts the best weights back at the end. Without validation, the latest epoch counts as the best.
/// </summary>
internal sealed class EarlyStopping(ParameterStore parameters, int? patience)
{
    private float[]? _bestWeights;
    private double _bestLoss = double.PositiveInfinity;
    private int _epochsWithoutImprovement;

    /// <summary>The epoch whose weights the model will hold.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Whether patience has run out.</summary>
    public bool ShouldStop { get; private set; }

    /// <summary>Records an epoch's validation loss (null without validation).</summary>
    public void EndEpoch(int epoch, double? validationLoss)
    {
        if (validationLoss is not { } loss)
        {
            BestEpoch = epoch;
            return;
        }
        if (loss < _bestLoss)
        {
            (_bestLoss, BestEpoch, _epochsWithoutImprovement) = (loss, epoch, 0);
            _bestWeights = (float[])parameters.Values.Clone();
        }
        else if (patience is { } limit && ++_epochsWithoutImprovement >= limit)
        {
            ShouldStop = true;
        }
    }

    /// <summary>Puts the best epoch's weights back (nothing to do without validation).</summary>
    public void RestoreBest() => _bestWeights?.CopyTo(parameters.Values, 0);
}
