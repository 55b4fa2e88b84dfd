using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// A forecast's errors beside those of the naive forecast ("every value to come equals the last value seen") on the
/// same windows, from <see cref="RnnEvaluation.EvaluateForecast"/>: an RMSE means little until it is read against the
/// simplest forecast's.
/// </summary>
/// <remarks>
/// <para>
/// Every forecast value counts once: a window whose target holds the next k values gives k pairs of truth and forecast,
/// pooled over all windows, for <see cref="Regression"/> and for the naive forecast alike.
/// </para>
/// <para>
/// The naive forecast of a window is the last value of the forecast series in its history: the history holds steps x
/// <c>featuresPerStep</c> values, step after step, oldest first (as <c>LoadTimeSeriesWindows</c> lays them out, each
/// step holding its feature columns in order), so it is the value at <c>(steps - 1) * featuresPerStep +
/// targetFeatureIndex</c>. It forecasts each of a window's k target values alike: the h-th value's naive forecast is
/// the h-step-ahead one.
/// </para>
/// <para>
/// <see cref="MeanAbsoluteScaledError"/> = MAE(forecast) / MAE(naive forecast), over the same values. Hyndman and
/// Koehler's MASE scales by the naive forecast's in-sample MAE over the training series instead; the evaluator sees
/// only the evaluated windows, so this scales by the naive forecast's error on them: below 1, the forecast beats the
/// naive one on the data in hand. It is infinite when the naive forecast is exact on every value and the forecast is
/// not, and NaN when both are.
/// </para>
/// <para>
/// A class rather than a record: ML.NET's <see cref="RegressionMetrics"/> compares by reference, so a record's equality
/// would be half by value.
/// </para>
/// </remarks>
public sealed class ForecastMetrics
{
    internal ForecastMetrics(RegressionMetrics regression, double naiveRootMeanSquaredError, double meanAbsoluteScaledError)
    {
        Regression = regression;
        NaiveRootMeanSquaredError = naiveRootMeanSquaredError;
        MeanAbsoluteScaledError = meanAbsoluteScaledError;
    }

    /// <summary>ML.NET's regression metrics of the forecast over every forecast value (RMSE, MAE, MSE, R²; the loss is the squared error).</summary>
    public RegressionMetrics Regression { get; }

    /// <summary>The naive forecast's root mean squared error over the same values: <c>sqrt(mean((last value - truth)²))</c>.</summary>
    public double NaiveRootMeanSquaredError { get; }

    /// <summary>The forecast's mean absolute error divided by the naive forecast's over the same values; below 1 beats it.</summary>
    public double MeanAbsoluteScaledError { get; }
}
