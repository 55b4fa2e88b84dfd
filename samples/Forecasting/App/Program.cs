// Loads ForecastingModel.zip (saved in samples/Forecasting by the training program) and forecasts the year after 2008
// from the 20 years before.
using Forecasting;
using Samples;

if (!SampleFolder.HasModel(ForecastingModel.ModelPath))
    return 1;
Console.WriteLine($"Forecasting with {ForecastingModel.ModelPath}");
float[] history = [23.0f, 35.7f, 29.2f, 11.3f, 16.8f, 28.2f, 88.2f, 64.2f, 145.8f, 157.6f,
    142.6f, 145.7f, 94.3f, 54.6f, 29.9f, 17.5f, 8.6f, 21.5f, 64.3f, 93.3f];
var output = ForecastingModel.Predict(new ForecastingModel.ModelInput { History = history });
Console.WriteLine($"After {string.Join(", ", history[^5..])}: {output.Score[0]:F1}");
return 0;
