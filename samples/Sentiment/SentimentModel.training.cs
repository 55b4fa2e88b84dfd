// The pipeline that trains the sentiment model: labels to keys, a bidirectional LSTM over the words of the review,
// keys back to labels. The shape of Model Builder's generated training code.
using Microsoft.ML;
using MLNet.Rnn;

namespace Sentiment;

public static partial class SentimentModel
{
    /// <summary>Where the training program writes the model converted to ONNX, for apps that serve it without ML.NET.</summary>
    public static string OnnxModelPath { get; } = Samples.SampleFolder.PathOf("SentimentModel.onnx");

    /// <summary>The training pipeline.</summary>
    public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext, int epochs = 8) =>
        mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.Transforms.Rnn(new RnnOptions
            {
                Task = RnnTask.Classification, InputColumnName = "Text", LabelColumnName = "Label",
                Cell = RecurrentCell.Lstm, HiddenSize = 64, EmbeddingSize = 64, Bidirectional = true, Epochs = epochs,
            }))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
