namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Metrics of a regressor, pooled over every value (a multi-output prediction is flattened into one list of values).
/// </summary>
/// <remarks>
/// <see cref="RSquared"/> follows scikit-learn's <c>r2_score</c> on the flattened values, including its
/// <c>force_finite</c> convention when the truth is constant: 1 if the predictions are exact, otherwise 0.
/// </remarks>
public sealed record RegressionMetrics
{
    internal RegressionMetrics(long count, double rmse, double mae, double rSquared)
    {
        Count = count;
        Rmse = rmse;
        Mae = mae;
        RSquared = rSquared;
    }

    /// <summary>Number of values the metrics were computed over.</summary>
    public long Count { get; }

    /// <summary>Root mean squared error: <c>sqrt(mean((prediction - truth)²))</c>.</summary>
    public double Rmse { get; }

    /// <summary>Mean absolute error: <c>mean(|prediction - truth|)</c>.</summary>
    public double Mae { get; }

    /// <summary>
    /// Coefficient of determination <c>1 - Σ(prediction - truth)² / Σ(truth - mean(truth))²</c>; can be negative.
    /// When the truth is constant: 1 if every prediction is exact, otherwise 0.
    /// </summary>
    public double RSquared { get; }

    /// <summary>Computes the metrics of one set of values.</summary>
    /// <param name="truth">True values, all finite.</param>
    /// <param name="predictions">Predicted values, as many as <paramref name="truth"/>, all finite.</param>
    /// <exception cref="ArgumentException">The input is empty, the lengths disagree, or a value is NaN or infinite.</exception>
    internal static RegressionMetrics Compute(ReadOnlySpan<float> truth, ReadOnlySpan<float> predictions)
    {
        MetricGuard.NotEmpty(truth.Length, nameof(truth));
        var accumulator = new RegressionMetricsAccumulator();
        accumulator.Add(truth, predictions);
        return accumulator.Compute();
    }
}
