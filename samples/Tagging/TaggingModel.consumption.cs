// The tagger's input and output, and predictions through a prediction engine created once, on first use: the shape of
// Model Builder's generated consumption code. Both the training program and the consuming app compile this file.
using Microsoft.ML;
using Samples;

namespace Tagging;

public static partial class TaggingModel
{
    /// <summary>Where the training program saves the model and the app loads it from: the sample's folder, whatever the current directory.</summary>
    public static string ModelPath { get; set; } = SampleFolder.PathOf("TaggingModel.zip");

    private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new(CreatePredictEngine, isThreadSafe: true);

    /// <summary>Tags the tokens of one sentence.</summary>
    public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

    private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
    {
        var mlContext = new MLContext();
        var model = mlContext.Model.Load(ModelPath, out _);
        return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
    }

    /// <summary>A sentence's words and their universal part-of-speech tags (empty when predicting), as LoadFromConllu reads them.</summary>
    public sealed class ModelInput
    {
        public string[] Tokens { get; set; } = [];

        public string[] Tags { get; set; } = [];
    }

    /// <summary>One predicted tag per token.</summary>
    public sealed class ModelOutput
    {
        public string[] PredictedLabel { get; set; } = [];
    }
}
