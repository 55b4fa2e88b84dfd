using System.Collections.Concurrent;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;

namespace MLNet.Rnn;

/// <summary>
/// Copies of a trained model for scoring, so cursors and prediction engines on different threads score at the same
/// time: a <see cref="SequenceModel"/> reuses its buffers and serves one thread at a time. A copy is made on demand,
/// kept for reuse, and retired when the weights change. As an <see cref="ISequenceScorer"/>, it is how the managed
/// engine serves predictions.
/// </summary>
internal sealed class ModelReplicas(SequenceModel model) : ISequenceScorer
{
    private readonly ConcurrentBag<(SequenceModel Model, int Version)> _idle = [];
    private int _version;

    /// <summary>A copy of the current weights, in evaluation mode, for this thread's use until <see cref="Return"/>.</summary>
    public (SequenceModel Model, int Version) Rent()
    {
        int version = Volatile.Read(ref _version);
        while (_idle.TryTake(out var replica))
        {
            if (replica.Version == version)
                return replica;
        }
        var copy = new SequenceModel(model.Options) { Normalizer = model.Normalizer, TargetNormalizer = model.TargetNormalizer, Training = false };
        lock (model)
            model.Parameters.Values.CopyTo(copy.Parameters.Values, 0);
        // A copy is retired, never updated, when the weights change: it may keep what it derives from them.
        copy.Recurrent.WeightsFrozen = true;
        return (copy, version);
    }

    public void Return((SequenceModel Model, int Version) replica)
    {
        if (replica.Version == Volatile.Read(ref _version))
            _idle.Add(replica);
    }

    /// <summary>The logits of <paramref name="batch"/>, on a copy of this thread's own.</summary>
    public float[] Logits(SequenceBatch batch)
    {
        var replica = Rent();
        try
        {
            return replica.Model.Infer(batch).ToArray();
        }
        finally
        {
            Return(replica);
        }
    }

    /// <summary>Call with the model locked, after changing its weights: copies made before are not reused.</summary>
    public void WeightsChanged() => Interlocked.Increment(ref _version);
}
