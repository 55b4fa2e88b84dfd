using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Engines;

/// <summary>
/// One training run of one model on an engine: the steps the trainers' loop asks for. Logits and targets follow the
/// model's order: one row per sequence in batch order for pooled heads, one row per step in packed order for per-step
/// heads.
/// </summary>
internal interface ITrainingSession : IDisposable
{
    /// <summary>Whether dropout is active.</summary>
    bool Training { get; set; }

    /// <summary>The learning rate of the next step.</summary>
    float LearningRate { get; set; }

    /// <summary>
    /// Forward on <paramref name="batch"/> (from the state the previous call left when <paramref name="carryState"/>,
    /// with its gradient cut), the loss against <paramref name="targets"/>, and, when the loss is finite, backward,
    /// gradient clipping and one optimizer step. Returns the loss; a non-finite one leaves the weights unchanged.
    /// </summary>
    double TrainStep(SequenceBatch batch, BatchTargetValues targets, bool carryState = false);

    /// <summary>Forward only, without gradients: the logits, on the host.</summary>
    float[] Forward(SequenceBatch batch, bool carryState = false);

    /// <summary>Forgets the carried recurrent state.</summary>
    void ResetState();

    /// <summary>Copies the current weights into <paramref name="parameters"/> (the model's store, or one of the same layout).</summary>
    void ReadWeights(ParameterStore parameters);

    /// <summary>Copies the gradients of the latest step (after clipping) into <paramref name="parameters"/>' gradients.</summary>
    void ReadGradients(ParameterStore parameters);
}

/// <summary>A batch's targets in the order of the model's logits: class ids (cross-entropy) or values (mean squared error).</summary>
/// <param name="Classes">One class id per logits row, or null.</param>
/// <param name="Values">The values, row after row, or null.</param>
internal sealed record BatchTargetValues(int[]? Classes, float[]? Values)
{
    /// <summary>Whether the loss is cross-entropy over classes (otherwise mean squared error over values).</summary>
    public bool AreClasses => Classes is not null;

    /// <summary>How many predictions the loss averages over.</summary>
    public int Count => Classes?.Length ?? Values!.Length;
}

/// <summary>Runs a trained model forward for predictions: the logits of a batch, in the model's order.</summary>
internal interface ISequenceScorer
{
    /// <summary>The logits of <paramref name="batch"/>; safe to call from several threads.</summary>
    float[] Logits(SequenceBatch batch);
}
