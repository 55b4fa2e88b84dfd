using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Tests.Data;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Metrics;

/// <summary><c>Forecasting.EvaluateForecast</c>: the forecast's errors beside the naive forecast's on the same windows.</summary>
[TestClass]
public sealed class ForecastEvaluationTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void EveryValueOfEveryWindowCountsAndTheNaiveForecastIsTheLastValueOfTheHistory()
    {
        // Windows of two steps forecasting the next two values. The naive forecasts are 2, 4 and 6 (the last values,
        // not the first: 1, 4, 0).
        //   forecast errors 0, -1 | 1, 0 | 0, -2: MAE 4/6, MSE 6/6 = 1, RMSE 1
        //   naive errors   -1, -3 | 0, 2 | 0, -2: MAE 8/6, MSE 18/6 = 3, RMSE sqrt(3)
        //   MASE (4/6) / (8/6) = 0.5
        var data = Windows(historySize: 2, horizon: 2,
            ([1, 2], [3, 5], [3, 4]),
            ([4, 4], [4, 2], [5, 2]),
            ([0, 6], [6, 8], [6, 6]));

        var metrics = Ml.Forecasting.EvaluateForecast(data);

        Bound.Near(metrics.Regression.RootMeanSquaredError, 1, 1e-12, "RMSE");
        Bound.Near(metrics.Regression.MeanAbsoluteError, 4.0 / 6, 1e-12, "MAE");
        Bound.Near(metrics.NaiveRootMeanSquaredError, Math.Sqrt(3), 1e-12, "naive RMSE");
        Bound.Near(metrics.MeanAbsoluteScaledError, 0.5, 1e-12, "MASE");
    }

    [TestMethod]
    public void WithSeveralFeaturesPerStepTheNaiveForecastIsTheTargetFeatureOfTheLastStep()
    {
        // Steps of two features, the second the forecast series: the naive forecasts are 2 and 7 (the first feature's
        // last values, 20 and 40, would be far off).
        //   forecast errors 0.5, -1: MAE 0.75;  naive errors -1, 2: MAE 1.5, RMSE sqrt(2.5);  MASE 0.5
        var data = Windows(historySize: 4, horizon: 1,
            ([10, 1, 20, 2], [3], [3.5f]),
            ([30, 5, 40, 7], [5], [4]));

        var metrics = Ml.Forecasting.EvaluateForecast(data, featuresPerStep: 2, targetFeatureIndex: 1);

        Bound.Near(metrics.Regression.MeanAbsoluteError, 0.75, 1e-12, "MAE");
        Bound.Near(metrics.NaiveRootMeanSquaredError, Math.Sqrt(2.5), 1e-12, "naive RMSE");
        Bound.Near(metrics.MeanAbsoluteScaledError, 0.5, 1e-12, "MASE");
    }

    [TestMethod]
    public void HistoriesOfDifferentLengthsAndSingleValueTargetsAreEvaluated()
    {
        // Naive forecasts 3 and 5: errors 1 and 2 (MAE 1.5, RMSE sqrt(2.5)); the forecast's 0 and 1 (MAE 0.5); MASE 1/3.
        var data = Ml.Data.LoadFromEnumerable(new[]
        {
            new SequenceRow { History = [1, 2, 3], Target = 4, Score = 4 },
            new SequenceRow { History = [5], Target = 3, Score = 2 },
        });

        var metrics = Ml.Forecasting.EvaluateForecast(data);

        Bound.Near(metrics.NaiveRootMeanSquaredError, Math.Sqrt(2.5), 1e-12, "naive RMSE");
        Bound.Near(metrics.MeanAbsoluteScaledError, 1.0 / 3, 1e-12, "MASE");
    }

    [TestMethod]
    public void AHistoryThatIsMissingOrNotWholeStepsIsNamed()
    {
        var windows = Windows(historySize: 4, horizon: 1, ([1, 2, 3, 4], [5], [5]));
        var sequences = Ml.Data.LoadFromEnumerable(new[] { new SequenceRow { History = [1, 2], Target = 1, Score = 1 }, new SequenceRow { History = [1, 2, 3], Target = 1, Score = 1 } });

        AssertMessage(Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecast(windows, historyColumnName: "Window")),
            "Could not find history column 'Window'");
        AssertMessage(Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecast(windows, featuresPerStep: 3)),
            "Schema mismatch for history column 'History'", "expected whole steps of 3 features", "got Vector<Single, 4>");
        AssertMessage(Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecast(sequences, historyColumnName: "Target")),
            "Schema mismatch for history column 'Target'", "expected a vector of Single", "got Single");
        Assert.AreEqual("targetFeatureIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecast(windows, featuresPerStep: 2, targetFeatureIndex: 2)).ParamName);
        AssertMessage(Assert.Throws<ArgumentException>(() => Ml.Forecasting.EvaluateForecast(sequences, featuresPerStep: 2)),
            "Row 1: the history 'History' is empty or not whole steps of 2 features");
    }

    [TestMethod]
    public void OnSunspotsTheNaiveForecastScoresAsTheLastYearAndIsItsOwnScale()
    {
        // Needs ../shared/datasets. Scored by the naive forecast itself: its RMSE is the naive RMSE and its MASE 1.
        string series = Path.Combine(RepositoryPaths.Shared("datasets"), "timeseries-statsmodels", "sunspots.csv");
        var test = Ml.Data.LoadTimeSeriesWindows(series, ["SUNACTIVITY"], "SUNACTIVITY", history: 20, testFraction: 0.2).TestSet;
        var windows = Ml.Data.CreateEnumerable<Loaded.Window>(test, reuseRowObject: false).ToList();
        var scored = Windows(historySize: 20, horizon: 1, [.. windows.Select(w => (w.History, w.Target, new[] { w.History[^1] }))]);

        var metrics = Ml.Forecasting.EvaluateForecast(scored);

        // docs/benchmarks.md: 32.79 for the last value on the test years the tasks use.
        Bound.Near(metrics.NaiveRootMeanSquaredError, Baselines.LastValueRmse(windows), 1e-4, "naive RMSE against the test baseline");
        Bound.Near(metrics.NaiveRootMeanSquaredError, 32.79, 0.01, "naive RMSE");
        Bound.Near(metrics.Regression.RootMeanSquaredError, metrics.NaiveRootMeanSquaredError, 1e-9, "RMSE of the naive forecast");
        Bound.Near(metrics.MeanAbsoluteScaledError, 1, 1e-12, "MASE of the naive forecast");
    }

    private static void AssertMessage(Exception error, params string[] parts)
    {
        foreach (string part in parts)
            StringAssert.Contains(error.Message, part);
    }

    /// <summary>Scored windows with fixed-size columns, as LoadTimeSeriesWindows and a forecaster give them.</summary>
    private static IDataView Windows(int historySize, int horizon, params (float[] History, float[] Target, float[] Score)[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(WindowRow));
        schema[nameof(WindowRow.History)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, historySize);
        schema[nameof(WindowRow.Target)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, horizon);
        schema[nameof(WindowRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, horizon);
        return Ml.Data.LoadFromEnumerable(rows.Select(r => new WindowRow { History = r.History, Target = r.Target, Score = r.Score }).ToList(), schema);
    }

    private sealed class WindowRow
    {
        public float[] History { get; set; } = [];

        public float[] Target { get; set; } = [];

        public float[] Score { get; set; } = [];
    }

    /// <summary>A variable-length history (a VarVector) and a single-value target.</summary>
    private sealed class SequenceRow
    {
        public float[] History { get; set; } = [];

        public float Target { get; set; }

        public float Score { get; set; }
    }
}
