using System.Buffers;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Models;

/// <summary>
/// A linear-chain conditional random field over per-step tag scores (the head's logits, "emissions"), with the
/// parameters a PyTorch user would name: <c>crf.transitions</c> <c>(tags, tags)</c>, where <c>transitions[i, j]</c>
/// scores moving from tag i to tag j, <c>crf.start_transitions</c> and <c>crf.end_transitions</c> <c>(tags)</c>.
/// </summary>
/// <remarks>
/// A path's score is start[y0] + sum of emissions[t, y_t] + sum of transitions[y_{t-1}, y_t] + end[y_last]; the loss
/// is the mean over sequences of log Z - score(gold), Z summing exp(score) over every path (the forward algorithm).
/// Its gradients are the forward-backward marginals minus the gold path's counts, computed by hand in double precision
/// with log-sum-exp, so long sequences neither overflow nor underflow. Emissions and tags are in packed order (the
/// per-step head's), so variable-length batches need no mask: a sequence's steps are the rows it has.
/// </remarks>
internal sealed class Crf
{
    private double[] _alpha = [], _beta = [];

    /// <summary>Registers the parameters under <paramref name="prefix"/>, initialised U(-0.1, 0.1) as pytorch-crf does.</summary>
    public Crf(int numTags, ulong seed, ParameterStore store, string prefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numTags);
        NumTags = numTags;
        StartTransitions = store.Add(prefix + "start_transitions", numTags);
        EndTransitions = store.Add(prefix + "end_transitions", numTags);
        Transitions = store.Add(prefix + "transitions", numTags, numTags);
        var rng = new Rng(seed);
        foreach (var parameter in new[] { StartTransitions, EndTransitions, Transitions })
            rng.FillUniform(parameter.Value, -0.1f, 0.1f);
    }

    public int NumTags { get; }

    /// <summary><c>(tags, tags)</c>: entry [i, j] scores tag j following tag i.</summary>
    public Parameter Transitions { get; }

    /// <summary><c>(tags)</c>: the score of starting with each tag.</summary>
    public Parameter StartTransitions { get; }

    /// <summary><c>(tags)</c>: the score of ending with each tag.</summary>
    public Parameter EndTransitions { get; }

    /// <summary>The parameters' names and shapes, in registration order (pytorch-crf's <c>named_parameters()</c> order).</summary>
    public static IEnumerable<(string Name, int[] Shape)> ParameterShapes(int numTags, string prefix) =>
    [
        (prefix + "start_transitions", [numTags]),
        (prefix + "end_transitions", [numTags]),
        (prefix + "transitions", [numTags, numTags]),
    ];

    /// <summary>
    /// The mean over sequences of the negative log-likelihood of <paramref name="tags"/>; unless
    /// <paramref name="gradEmissions"/> is empty (evaluation), writes dLoss/dEmissions into it and adds the transitions'
    /// gradients to the parameters' (gradients accumulate).
    /// </summary>
    /// <param name="emissions">Tag scores, one row of <see cref="NumTags"/> per packed row of <paramref name="layout"/>.</param>
    /// <param name="layout">The batch's packed layout.</param>
    /// <param name="tags">The gold tag of each packed row.</param>
    /// <param name="gradEmissions">As <paramref name="emissions"/>.</param>
    public double NegativeLogLikelihood(ReadOnlySpan<float> emissions, PackedSequence layout, ReadOnlySpan<int> tags, Span<float> gradEmissions)
    {
        int k = NumTags, rows = layout.TotalRows;
        bool gradients = !gradEmissions.IsEmpty;
        if (emissions.Length != rows * k || gradients && gradEmissions.Length != rows * k || tags.Length != rows)
            throw new ArgumentException($"Expected {rows} rows of {k} emissions and {rows} tags; got {emissions.Length} emissions and {tags.Length} tags.", nameof(emissions));
        foreach (int tag in tags)
        {
            if ((uint)tag >= (uint)k)
                throw new ArgumentException($"Tag {tag} is outside [0, {k}).", nameof(tags));
        }
        Buffers.Grow(ref _alpha, rows * k);
        Buffers.Grow(ref _beta, rows * k);
        var alpha = _alpha.AsSpan(0, rows * k);
        var beta = _beta.AsSpan(0, rows * k);
        ReadOnlySpan<float> transitions = Transitions.Value, start = StartTransitions.Value, end = EndTransitions.Value;
        Forward(emissions, layout, alpha);
        if (gradients)
            Backward(emissions, layout, beta);

        int batch = layout.BatchSize;
        double scale = 1.0 / batch, loss = 0;
        Span<double> terms = k <= 256 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < batch; i++)
        {
            int length = SortedLength(layout, i);
            int last = layout.StepOffset(length - 1) + i;
            for (int y = 0; y < k; y++)
                terms[y] = alpha[last * k + y] + end[y];
            double logZ = LogSumExp(terms);

            double gold = start[tags[i]] + end[tags[last]];
            for (int t = 0; t < length; t++)
            {
                int row = layout.StepOffset(t) + i;
                gold += emissions[row * k + tags[row]];
                if (t > 0)
                    gold += transitions[tags[layout.StepOffset(t - 1) + i] * k + tags[row]];
                if (gradients)
                    AddGradients(emissions, layout, alpha, beta, tags, i, t, length, logZ, scale, gradEmissions);
            }
            loss += logZ - gold;
        }
        return loss * scale;
    }

    /// <summary>Step <paramref name="t"/> of sorted sequence <paramref name="i"/>: marginals minus the gold path's counts, times <paramref name="scale"/>.</summary>
    private void AddGradients(ReadOnlySpan<float> emissions, PackedSequence layout, ReadOnlySpan<double> alpha, ReadOnlySpan<double> beta, ReadOnlySpan<int> tags,
        int i, int t, int length, double logZ, double scale, Span<float> gradEmissions)
    {
        int k = NumTags;
        ReadOnlySpan<float> transitions = Transitions.Value;
        Span<float> gradTransitions = Transitions.Gradient, gradStart = StartTransitions.Gradient, gradEnd = EndTransitions.Gradient;
        int row = layout.StepOffset(t) + i;
        for (int y = 0; y < k; y++)
        {
            float gradient = (float)(scale * (Math.Exp(alpha[row * k + y] + beta[row * k + y] - logZ) - (y == tags[row] ? 1 : 0)));
            gradEmissions[row * k + y] = gradient;
            if (t == 0)
                gradStart[y] += gradient;
            if (t == length - 1)
                gradEnd[y] += gradient;
        }
        if (t == 0)
            return;
        int previous = layout.StepOffset(t - 1) + i;
        gradTransitions[tags[previous] * k + tags[row]] -= (float)scale;
        for (int from = 0; from < k; from++)
        {
            for (int to = 0; to < k; to++)
            {
                double pair = alpha[previous * k + from] + transitions[from * k + to] + emissions[row * k + to] + beta[row * k + to] - logZ;
                gradTransitions[from * k + to] += (float)(scale * Math.Exp(pair));
            }
        }
    }

    /// <summary>
    /// The best-scoring tags of one sequence (Viterbi), from its <paramref name="length"/> rows of emissions in time order;
    /// <paramref name="constraints"/>, when given, rules out the tag sequences it forbids.
    /// </summary>
    public void Decode(ReadOnlySpan<float> emissions, int length, CrfConstraints? constraints, Span<int> tags)
    {
        int k = NumTags;
        if (length <= 0 || emissions.Length < length * k || tags.Length < length)
            throw new ArgumentException($"Expected {length} rows of {k} emissions and room for {length} tags.", nameof(emissions));
        ReadOnlySpan<float> transitions = Transitions.Value, start = StartTransitions.Value, end = EndTransitions.Value;
        // Rented, so a prediction engine's steady state allocates nothing and several threads may decode at once.
        var scores = ArrayPool<double>.Shared.Rent(2 * k);
        var backpointers = ArrayPool<int>.Shared.Rent(length * k);
        try
        {
            var current = scores.AsSpan(0, k);
            var next = scores.AsSpan(k, k);
            for (int y = 0; y < k; y++)
                current[y] = constraints is { } c && !c.AllowedStart[y] ? double.NegativeInfinity : start[y] + emissions[y];
            for (int t = 1; t < length; t++)
            {
                for (int to = 0; to < k; to++)
                {
                    double best = double.NegativeInfinity;
                    int argBest = 0;
                    for (int from = 0; from < k; from++)
                    {
                        if (constraints is { } c && !c.AllowedTransitions[from * k + to])
                            continue;
                        double score = current[from] + transitions[from * k + to];
                        if (score > best)
                            (best, argBest) = (score, from);
                    }
                    next[to] = best + emissions[t * k + to];
                    backpointers[t * k + to] = argBest;
                }
                var swap = current;
                current = next;
                next = swap;
            }
            int tag = 0;
            double bestFinal = double.NegativeInfinity;
            for (int y = 0; y < k; y++)
            {
                if (current[y] + end[y] > bestFinal)
                    (bestFinal, tag) = (current[y] + end[y], y);
            }
            for (int t = length - 1; t >= 0; t--)
            {
                tags[t] = tag;
                tag = backpointers[t * k + tag];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(backpointers);
        }
    }

    /// <summary>The best tags of every sequence of a packed batch (see <see cref="Decode(ReadOnlySpan{float}, int, CrfConstraints?, Span{int})"/>), in packed order.</summary>
    public void Decode(ReadOnlySpan<float> emissions, PackedSequence layout, CrfConstraints? constraints, Span<int> tags)
    {
        int k = NumTags;
        var steps = ArrayPool<float>.Shared.Rent(layout.MaxLength * k);
        var path = ArrayPool<int>.Shared.Rent(layout.MaxLength);
        try
        {
            for (int i = 0; i < layout.BatchSize; i++)
            {
                int length = SortedLength(layout, i);
                for (int t = 0; t < length; t++)
                    emissions.Slice((layout.StepOffset(t) + i) * k, k).CopyTo(steps.AsSpan(t * k, k));
                Decode(steps.AsSpan(0, length * k), length, constraints, path);
                for (int t = 0; t < length; t++)
                    tags[layout.StepOffset(t) + i] = path[t];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(steps);
            ArrayPool<int>.Shared.Return(path);
        }
    }

    /// <summary>alpha[row, y]: log of the summed scores of every path that ends in tag y at that row.</summary>
    private void Forward(ReadOnlySpan<float> emissions, PackedSequence layout, Span<double> alpha)
    {
        int k = NumTags;
        ReadOnlySpan<float> transitions = Transitions.Value, start = StartTransitions.Value;
        Span<double> terms = k <= 256 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < layout.BatchSizes[0]; i++)
        {
            for (int y = 0; y < k; y++)
                alpha[i * k + y] = start[y] + emissions[i * k + y];
        }
        for (int t = 1; t < layout.MaxLength; t++)
        {
            int row0 = layout.StepOffset(t), previous0 = layout.StepOffset(t - 1);
            for (int i = 0; i < layout.BatchSizes[t]; i++)
            {
                int row = row0 + i, previous = previous0 + i;
                for (int to = 0; to < k; to++)
                {
                    for (int from = 0; from < k; from++)
                        terms[from] = alpha[previous * k + from] + transitions[from * k + to];
                    alpha[row * k + to] = emissions[row * k + to] + LogSumExp(terms);
                }
            }
        }
    }

    /// <summary>beta[row, y]: log of the summed scores of every way to finish the sequence from tag y at that row.</summary>
    private void Backward(ReadOnlySpan<float> emissions, PackedSequence layout, Span<double> beta)
    {
        int k = NumTags;
        ReadOnlySpan<float> transitions = Transitions.Value, end = EndTransitions.Value;
        Span<double> terms = k <= 256 ? stackalloc double[k] : new double[k];
        for (int t = layout.MaxLength - 1; t >= 0; t--)
        {
            int row0 = layout.StepOffset(t);
            // Sequences are sorted longest first: those past the next step's batch size end here.
            int continuing = t + 1 < layout.MaxLength ? layout.BatchSizes[t + 1] : 0;
            for (int i = 0; i < layout.BatchSizes[t]; i++)
            {
                int row = row0 + i;
                if (i >= continuing)
                {
                    for (int y = 0; y < k; y++)
                        beta[row * k + y] = end[y];
                    continue;
                }
                int next = layout.StepOffset(t + 1) + i;
                for (int from = 0; from < k; from++)
                {
                    for (int to = 0; to < k; to++)
                        terms[to] = transitions[from * k + to] + emissions[next * k + to] + beta[next * k + to];
                    beta[row * k + from] = LogSumExp(terms);
                }
            }
        }
    }

    /// <summary>The length of the i-th sequence in sorted (longest-first) order: the steps whose batch includes it.</summary>
    private static int SortedLength(PackedSequence layout, int i)
    {
        int length = 0;
        while (length < layout.MaxLength && layout.BatchSizes[length] > i)
            length++;
        return length;
    }

    private static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
            max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max))
            return max;
        double sum = 0;
        foreach (double v in values)
            sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
