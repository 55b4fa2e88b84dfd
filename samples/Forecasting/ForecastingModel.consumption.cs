// The forecaster's input and output, and predictions through a prediction engine created once, on first use: the shape
// of Model Builder's generated consumption code. Both the training program and the consuming app compile this file.
using Microsoft.ML;
using Microsoft.ML.Data;
using Samples;

namespace Forecasting;

public static partial class ForecastingModel
{
    /// <summary>Years of history in each window.</summary>
    public const int HistoryLength = 20;

    /// <summary>Where the training program saves the model and the app loads it from: the sample's folder, whatever the current directory.</summary>
    public static string ModelPath { get; set; } = SampleFolder.PathOf("ForecastingModel.zip");

    private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new(CreatePredictEngine, isThreadSafe: true);

    /// <summary>Forecasts the year after a window.</summary>
    public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

    private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
    {
        var mlContext = new MLContext();
        var model = mlContext.Model.Load(ModelPath, out _);
        return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
    }

    /// <summary>A window of yearly sunspot activity, oldest first, as LoadTimeSeriesWindows reads it.</summary>
    public sealed class ModelInput
    {
        [VectorType(HistoryLength)]
        public float[] History { get; set; } = [];
    }

    /// <summary>The forecast for the next year.</summary>
    public sealed class ModelOutput
    {
        public float[] Score { get; set; } = [];
    }
}
