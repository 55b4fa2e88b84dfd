// The model's input and output, and predictions through a prediction engine created once, on first use: the shape of
// Model Builder's generated consumption code. Both the training program and the consuming app compile this file.
using Microsoft.ML;
using Microsoft.ML.Data;
using Samples;

namespace Sentiment;

public static partial class SentimentModel
{
    /// <summary>Where the training program saves the model and the app loads it from: the sample's folder, whatever the current directory.</summary>
    public static string ModelPath { get; set; } = SampleFolder.PathOf("SentimentModel.zip");

    private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new(CreatePredictEngine, isThreadSafe: true);

    /// <summary>Predicts the sentiment of one review.</summary>
    public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

    private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
    {
        var mlContext = new MLContext();
        var model = mlContext.Model.Load(ModelPath, out _);
        return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
    }

    /// <summary>One line of yelp_labelled.txt: a review, a tab, then its label, 0 (negative) or 1 (positive).</summary>
    public sealed class ModelInput
    {
        [LoadColumn(0)]
        public string Text { get; set; } = "";

        [LoadColumn(1)]
        public string Label { get; set; } = "";
    }

    /// <summary>The predicted label ("0" or "1") and each class's probability, in the order of the label's keys.</summary>
    public sealed class ModelOutput
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }
}
