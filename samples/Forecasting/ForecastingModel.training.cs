// The pipeline that trains the forecaster: a GRU over a window of the series, predicting what follows it. The shape of
// Model Builder's generated training code.
using Microsoft.ML;
using MLNet.Rnn;

namespace Forecasting;

public static partial class ForecastingModel
{
    /// <summary>The training pipeline: the forecaster alone.</summary>
    public static RnnEstimator BuildPipeline(MLContext mlContext, int epochs = 60) =>
        mlContext.Forecasting.ForecastByRnn(targetColumnName: "Target", historyColumnName: "History", epochs: epochs);
}
