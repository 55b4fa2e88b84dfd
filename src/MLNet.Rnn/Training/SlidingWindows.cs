namespace MLNet.Rnn.Training;

/// <summary>Turns a time series into forecasting examples: a window of history -> the next values.</summary>
internal static class SlidingWindows
{
    /// <summary>
    /// Every window of <paramref name="history"/> consecutive steps (all features) whose next
    /// <paramref name="horizon"/> steps of <paramref name="targetFeature"/> exist becomes one example; windows
    /// start every <paramref name="stride"/> steps.
    /// </summary>
    /// <param name="series">The series, step after step, <paramref name="featureCount"/> values per step.</param>
    /// <param name="featureCount">Values per step.</param>
    /// <param name="history">Steps the model reads.</param>
    /// <param name="horizon">Steps ahead to predict (1 for the next value, k for the next k).</param>
    /// <param name="targetFeature">Which feature is forecast.</param>
    /// <param name="stride">Steps between window starts.</param>
    /// <returns>A dataset of numeric sequences with <paramref name="horizon"/> target values each.</returns>
    /// <exception cref="ArgumentException">The series is too short for one window, or an argument is out of range.</exception>
    public static SequenceDataset Create(ReadOnlySpan<float> series, int featureCount, int history, int horizon = 1, int targetFeature = 0, int stride = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(history);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        if ((uint)targetFeature >= (uint)featureCount)
            throw new ArgumentOutOfRangeException(nameof(targetFeature), targetFeature, $"The target feature must be in [0, {featureCount}).");
        if (series.Length % featureCount != 0)
            throw new ArgumentException($"The series has {series.Length} values, not a whole number of steps of {featureCount} features.", nameof(series));
        int steps = series.Length / featureCount;
        if (steps < history + horizon)
            throw new ArgumentException($"The series has {steps} steps; one window needs {history} of history and {horizon} ahead.", nameof(series));

        var inputs = new List<float[]>();
        var targets = new List<float[]>();
        for (int start = 0; start + history + horizon <= steps; start += stride)
        {
            inputs.Add(series.Slice(start * featureCount, history * featureCount).ToArray());
            var next = new float[horizon];
            for (int h = 0; h < horizon; h++)
                next[h] = series[(start + history + h) * featureCount + targetFeature];
            targets.Add(next);
        }
        return SequenceDataset.FeaturesWithValues(inputs, featureCount, targets, horizon);
    }
}
