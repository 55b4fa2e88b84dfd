// The language model's input and output, predictions through a prediction engine created once, on first use (the shape
// of Model Builder's generated consumption code), and text generation. Both programs compile this file.
using Microsoft.ML;
using MLNet.Rnn;
using Samples;

namespace LanguageModel;

public static partial class CharacterModel
{
    /// <summary>Where the training program saves the model and the app loads it from: the sample's folder, whatever the current directory.</summary>
    public static string ModelPath { get; set; } = SampleFolder.PathOf("CharacterModel.zip");

    // The saved model is the language model itself (a pipeline of one), so it loads as an RnnTransformer.
    private static readonly Lazy<RnnTransformer> Model = new(() => (RnnTransformer)new MLContext().Model.Load(ModelPath, out _), isThreadSafe: true);

    private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine =
        new(() => new MLContext().Model.CreatePredictionEngine<ModelInput, ModelOutput>(Model.Value), isThreadSafe: true);

    /// <summary>How surprising the model finds a text: its perplexity per character.</summary>
    public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

    /// <summary>Continues <paramref name="prefix"/> by <paramref name="length"/> characters.</summary>
    public static string Generate(string prefix, int length, ulong seed = 1) => Model.Value.Generate(prefix, length, temperature: 0.8f, topK: 10, seed: seed);

    /// <summary>A text.</summary>
    public sealed class ModelInput
    {
        public string Text { get; set; } = "";
    }

    /// <summary>The text's perplexity (lower is more like the training text) and how many next characters it was measured on.</summary>
    public sealed class ModelOutput
    {
        public float Score { get; set; }

        public float TokenCount { get; set; }
    }
}
