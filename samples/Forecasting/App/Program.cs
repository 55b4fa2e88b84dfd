// Loads ForecastingModel.zip (saved in samples/Forecasting by the training program) and forecasts sunspot activity in
// 2009 from the 20 years before it, 1989-2008: the last window of sunspots.csv, which ends in 2008.
using Forecasting;
using Samples;

if (!SampleFolder.HasModel(ForecastingModel.ModelPath))
    return 1;
Console.WriteLine($"Forecasting with {ForecastingModel.ModelPath}");
float[] history = [157.6f, 142.6f, 145.7f, 94.3f, 54.6f, 29.9f, 17.5f, 8.6f, 21.5f, 64.3f,
    93.3f, 119.6f, 111.0f, 104.0f, 63.7f, 40.4f, 29.8f, 15.2f, 7.5f, 2.9f];
var output = ForecastingModel.Predict(new ForecastingModel.ModelInput { History = history });
Console.WriteLine($"2009, after {string.Join(", ", history[^5..])} in 2004-2008: {output.Score[0]:F1}");
return 0;
