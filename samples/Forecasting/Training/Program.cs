// Trains a forecaster of yearly sunspot activity on windows of 20 years, evaluates it on the last fifth of the series
// (held out in time order) beside the naive forecast "next year as this year", and saves ForecastingModel.zip in
// samples/Forecasting for the consuming app. Arguments (both optional): the datasets folder (default: shared/datasets
// beside the repository) and the number of epochs (60).
using Forecasting;
using Microsoft.ML;
using MLNet.Rnn;
using Samples;

string series = SampleDatasets.PathOf(args, "timeseries-statsmodels", "sunspots.csv");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 60;
if (!File.Exists(series))
{
    Console.Error.WriteLine(SampleDatasets.NotFound(series));
    return 1;
}
Console.WriteLine($"Training on {series}");

var mlContext = new MLContext(seed: 1);
// Windows of one series overlap: a random split would train on the future it is tested on, so split in time order.
var split = mlContext.Data.LoadTimeSeriesWindows(series, ["SUNACTIVITY"], "SUNACTIVITY", history: ForecastingModel.HistoryLength, testFraction: 0.2);

var model = ForecastingModel.BuildPipeline(mlContext, epochs).Fit(split.TrainSet);
var metrics = mlContext.Forecasting.EvaluateForecast(model.Transform(split.TestSet));
Console.WriteLine($"Test RMSE {metrics.Regression.RootMeanSquaredError:F2} (next year as this year: {metrics.NaiveRootMeanSquaredError:F2}), " +
    $"MAE {metrics.Regression.MeanAbsoluteError:F2}, MASE {metrics.MeanAbsoluteScaledError:F2} (below 1 beats next year as this year), R2 {metrics.Regression.RSquared:F3}");

mlContext.Model.Save(model, split.TrainSet.Schema, ForecastingModel.ModelPath);
Console.WriteLine($"Saved {ForecastingModel.ModelPath}");
return 0;
