using MLNet.Rnn.Sequences;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using Tensor = TorchSharp.torch.Tensor;

namespace MLNet.Rnn.TorchSharp;

/// <summary>
/// The managed CRF's twin on libtorch: the same parameters (<c>start_transitions</c>, <c>end_transitions</c>,
/// <c>transitions</c>) and loss, the mean over sequences of the negative log-likelihood by the forward algorithm, left
/// to autograd. Decoding needs no twin: the managed engine's Viterbi reads the trained weights.
/// </summary>
internal sealed class TorchCrf : IDisposable
{
    private readonly Parameter _start, _end, _transitions;

    public TorchCrf(int numTags, Device device)
    {
        NumTags = numTags;
        // Zeros until the model's weights are loaded into them.
        _start = new Parameter(zeros(numTags, device: device));
        _end = new Parameter(zeros(numTags, device: device));
        _transitions = new Parameter(zeros(numTags, numTags, device: device));
    }

    public int NumTags { get; }

    /// <summary>The parameters under their names in the managed model, in its order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> Named(string prefix) =>
        [(prefix + "start_transitions", _start), (prefix + "end_transitions", _end), (prefix + "transitions", _transitions)];

    /// <summary>
    /// The loss of <paramref name="tags"/> given <paramref name="emissions"/> (rows in the packed order of
    /// <paramref name="layout"/>, as the per-step head gives them), in the caller's dispose scope.
    /// </summary>
    public Tensor NegativeLogLikelihood(Tensor emissions, PackedSequence layout, int[] tags)
    {
        int k = NumTags;
        var device = emissions.device;
        // Packed rows of step t are the first BatchSizes[t] sequences (longest first): the forward algorithm runs on
        // those, and a sequence's log Z is taken at the step after which it is no longer in the batch.
        var alpha = _start.unsqueeze(0) + emissions.narrow(0, 0, layout.BatchSizes[0]);
        var logZ = new List<Tensor>();
        for (int t = 1; t < layout.MaxLength; t++)
        {
            int active = layout.BatchSizes[t];
            if (active < alpha.shape[0])
                logZ.Add((alpha.narrow(0, active, alpha.shape[0] - active) + _end).logsumexp(1));
            var scores = alpha.narrow(0, 0, active).unsqueeze(2) + _transitions.unsqueeze(0);
            alpha = scores.logsumexp(1) + emissions.narrow(0, layout.StepOffset(t), active);
        }
        logZ.Add((alpha + _end).logsumexp(1));

        // The gold paths' scores, gathered with indices made on the host.
        var emissionIndex = new long[tags.Length];
        var transitionIndex = new List<long>();
        var firstTags = new long[layout.BatchSize];
        var lastTags = new long[layout.BatchSize];
        for (int t = 0; t < layout.MaxLength; t++)
        {
            int row0 = layout.StepOffset(t);
            int continuing = t + 1 < layout.MaxLength ? layout.BatchSizes[t + 1] : 0;
            for (int i = 0; i < layout.BatchSizes[t]; i++)
            {
                int row = row0 + i;
                emissionIndex[row] = (long)row * k + tags[row];
                if (t == 0)
                    firstTags[i] = tags[row];
                else
                    transitionIndex.Add((long)tags[layout.StepOffset(t - 1) + i] * k + tags[row]);
                if (i >= continuing)
                    lastTags[i] = tags[row];
            }
        }
        // The transitions are gathered even when no sequence has two steps: they then get a zero gradient, not none,
        // so the optimizer treats them as the managed engine's does.
        var gold = emissions.reshape(-1).index_select(0, tensor(emissionIndex, device: device)).sum()
            + _start.index_select(0, tensor(firstTags, device: device)).sum()
            + _end.index_select(0, tensor(lastTags, device: device)).sum()
            + _transitions.reshape(-1).index_select(0, tensor(transitionIndex.ToArray(), ScalarType.Int64, device: device)).sum();
        return (cat(logZ, 0).sum() - gold) / layout.BatchSize;
    }

    public void Dispose()
    {
        _start.Dispose();
        _end.Dispose();
        _transitions.Dispose();
    }
}
