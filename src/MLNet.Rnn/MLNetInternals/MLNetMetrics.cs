namespace MLNet.Rnn;

/// <summary>ML.NET's own metric records, for metrics this library computes where ML.NET's evaluators cannot; their constructors are internal.</summary>
internal static class MLNetMetrics
{
    /// <summary>ML.NET's regression metrics from ours (its loss is the squared error, as for its own regression evaluator's default).</summary>
    public static Microsoft.ML.Data.RegressionMetrics Regression(Training.Metrics.RegressionMetrics metrics)
    {
        double meanSquaredError = metrics.Rmse * metrics.Rmse;
        return new(metrics.Mae, meanSquaredError, metrics.Rmse, meanSquaredError, metrics.RSquared);
    }
}
