namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Accumulates regression results batch by batch in O(1) memory and computes <see cref="RegressionMetrics"/>
/// over everything added (equal, up to rounding, to one <see cref="RegressionMetrics.Compute"/> call over the concatenation).
/// </summary>
/// <remarks>
/// The variance of the truth needed by R² is accumulated with Welford's update (merged per batch with Chan's formula),
/// which stays accurate when the values have a large mean. A batch that fails validation throws before anything is added;
/// empty batches add nothing. Not thread-safe.
/// </remarks>
internal sealed class RegressionMetricsAccumulator
{
    private long _count;
    private double _squaredErrorSum;
    private double _absoluteErrorSum;
    private double _truthMean;
    private double _truthM2; // Σ (truth - mean)²

    /// <summary>Number of values added so far.</summary>
    public long Count => _count;

    /// <summary>Adds a batch of values.</summary>
    /// <param name="truth">True values, all finite.</param>
    /// <param name="predictions">Predicted values, as many as <paramref name="truth"/>, all finite.</param>
    /// <exception cref="ArgumentException">The lengths disagree, or a value is NaN or infinite.</exception>
    public void Add(ReadOnlySpan<float> truth, ReadOnlySpan<float> predictions)
    {
        MetricGuard.SameLength(truth.Length, predictions.Length, nameof(predictions), "one prediction per true value");
        MetricGuard.Finite(truth, nameof(truth));
        MetricGuard.Finite(predictions, nameof(predictions));
        if (truth.Length == 0)
            return;

        double batchMean = 0, batchM2 = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double t = truth[i];
            double error = (double)predictions[i] - t;
            _squaredErrorSum += error * error;
            _absoluteErrorSum += Math.Abs(error);

            double delta = t - batchMean;
            batchMean += delta / (i + 1);
            batchM2 += delta * (t - batchMean);
        }

        long n = truth.Length;
        long total = _count + n;
        double meanDelta = batchMean - _truthMean;
        _truthM2 += batchM2 + meanDelta * meanDelta * ((double)_count * n / total);
        _truthMean += meanDelta * n / total;
        _count = total;
    }

    /// <summary>Forgets everything added so far.</summary>
    public void Reset()
    {
        _count = 0;
        _squaredErrorSum = 0;
        _absoluteErrorSum = 0;
        _truthMean = 0;
        _truthM2 = 0;
    }

    /// <summary>Computes the metrics over every value added since construction or the last <see cref="Reset"/>.</summary>
    /// <exception cref="InvalidOperationException">No value has been added.</exception>
    public RegressionMetrics Compute()
    {
        if (_count == 0)
            throw new InvalidOperationException("Cannot compute regression metrics: no value has been added.");

        double rSquared = _truthM2 > 0
            ? 1 - _squaredErrorSum / _truthM2
            : (_squaredErrorSum == 0 ? 1 : 0);
        return new RegressionMetrics(
            _count,
            rmse: Math.Sqrt(_squaredErrorSum / _count),
            mae: _absoluteErrorSum / _count,
            rSquared);
    }
}
