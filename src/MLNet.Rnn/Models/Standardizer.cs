namespace MLNet.Rnn.Models;

/// <summary>
/// Standardises numbers per column, (x - mean) / deviation, with statistics learned from training data and stored
/// with the model so prediction applies exactly the same transform: the features of each step of a numeric input,
/// and the values of regression and forecasting targets (whose predictions <see cref="Invert"/> maps back).
/// </summary>
internal sealed class Standardizer
{
    /// <summary>Creates a normalizer from known statistics.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, are empty, or a value is not finite or a deviation not positive.</exception>
    public Standardizer(float[] means, float[] deviations)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(deviations);
        if (means.Length == 0 || means.Length != deviations.Length)
            throw new ArgumentException($"Expected one mean and one deviation per feature; got {means.Length} and {deviations.Length}.", nameof(deviations));
        for (int f = 0; f < means.Length; f++)
        {
            if (!float.IsFinite(means[f]) || !(deviations[f] > 0) || !float.IsFinite(deviations[f]))
                throw new ArgumentException($"Feature {f} has mean {means[f]} and deviation {deviations[f]}; both must be finite and the deviation positive.", nameof(deviations));
        }
        Means = (float[])means.Clone();
        Deviations = (float[])deviations.Clone();
    }

    /// <summary>Per-column means.</summary>
    public IReadOnlyList<float> Means { get; }

    /// <summary>Per-column standard deviations (population); a constant column gets 1 so it maps to 0.</summary>
    public IReadOnlyList<float> Deviations { get; }

    /// <summary>Columns: features per step, or target values per prediction.</summary>
    public int FeatureCount => Means.Count;

    /// <summary>Learns means and deviations from every row (<paramref name="featureCount"/> values) of every sequence.</summary>
    /// <exception cref="ArgumentException">No values, or a NaN or infinite value (named by sequence and position).</exception>
    public static Standardizer Fit(IEnumerable<float[]> sequences, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        var count = 0L;
        var mean = new double[featureCount];
        var m2 = new double[featureCount];
        int index = 0;
        foreach (var sequence in sequences)
        {
            for (int i = 0; i < sequence.Length; i++)
            {
                if (!float.IsFinite(sequence[i]))
                    throw new ArgumentException($"Sequence {index} has {sequence[i]} at value {i}; standardised values must be finite.", nameof(sequences));
            }
            for (int s = 0; s + featureCount <= sequence.Length; s += featureCount)
            {
                count++;
                for (int f = 0; f < featureCount; f++)
                {
                    // Welford's update: stable for large means.
                    double delta = sequence[s + f] - mean[f];
                    mean[f] += delta / count;
                    m2[f] += delta * (sequence[s + f] - mean[f]);
                }
            }
            index++;
        }
        if (count == 0)
            throw new ArgumentException("No values to learn normalisation statistics from.", nameof(sequences));
        var deviations = m2.Select(v => Math.Sqrt(v / count)).Select(d => d > 1e-12 ? (float)d : 1f).ToArray();
        return new Standardizer(mean.Select(m => (float)m).ToArray(), deviations);
    }

    /// <summary>Writes the standardised <paramref name="source"/> rows to <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        int features = FeatureCount;
        for (int i = 0; i < source.Length; i++)
            destination[i] = (source[i] - Means[i % features]) / Deviations[i % features];
    }

    /// <summary>Maps standardised <paramref name="values"/> (rows of <see cref="FeatureCount"/>) back to their units, in place.</summary>
    public void Invert(Span<float> values)
    {
        int features = FeatureCount;
        for (int i = 0; i < values.Length; i++)
            values[i] = values[i] * Deviations[i % features] + Means[i % features];
    }
}
