// Trains a forecaster of yearly sunspot activity on windows of 20 years, evaluates it on the last fifth of the series
// (held out in time order) beside the naive forecast "next year as this year", and saves ForecastingModel.zip for the
// consuming app. Arguments (both optional): the datasets folder (default ../shared/datasets) and the number of epochs (60).
using Forecasting;
using Microsoft.ML;
using MLNet.Rnn;

string datasets = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "datasets");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 60;
string series = Path.Combine(datasets, "timeseries-statsmodels", "sunspots.csv");
if (!File.Exists(series))
{
    Console.Error.WriteLine($"This sample needs {series}.");
    return 1;
}

var mlContext = new MLContext(seed: 1);
var windows = mlContext.Data.LoadTimeSeriesWindows(series, ["SUNACTIVITY"], "SUNACTIVITY", history: ForecastingModel.HistoryLength, horizon: 1);
// Windows of one series overlap: a random split would leak the future into training, so split in time order.
long count = windows.GetRowCount() ?? 0;
long trainCount = count * 4 / 5;
var trainData = mlContext.Data.TakeRows(windows, trainCount);
var testData = mlContext.Data.SkipRows(windows, trainCount);

var model = ForecastingModel.BuildPipeline(mlContext, epochs).Fit(trainData);
var metrics = mlContext.Forecasting.EvaluateForecast(model.Transform(testData));
var naive = mlContext.Data.CreateEnumerable<Window>(testData, reuseRowObject: false).ToList();
double naiveRmse = Math.Sqrt(naive.Average(w => Math.Pow(w.Target[0] - w.History[^1], 2)));
Console.WriteLine($"Test RMSE {metrics.RootMeanSquaredError:F2} (next year as this year: {naiveRmse:F2}), MAE {metrics.MeanAbsoluteError:F2}, R2 {metrics.RSquared:F3}");

mlContext.Model.Save(model, windows.Schema, ForecastingModel.ModelPath);
Console.WriteLine($"Saved {ForecastingModel.ModelPath}");
return 0;

/// <summary>A window and what followed it, read back to score the naive forecast.</summary>
internal sealed class Window
{
    public float[] History { get; set; } = [];

    public float[] Target { get; set; } = [];
}
