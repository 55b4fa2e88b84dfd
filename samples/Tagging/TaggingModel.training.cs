// The pipeline that trains the part-of-speech tagger: tags to keys, a bidirectional LSTM over each word's embedding and
// spelling (a character CNN) with a CRF choosing the whole tag sequence (the tagger's defaults), keys back to tags. The
// shape of Model Builder's generated training code.
using Microsoft.ML;
using MLNet.Rnn;

namespace Tagging;

public static partial class TaggingModel
{
    /// <summary>The training pipeline; <paramref name="epochs"/> null for the tagger's default.</summary>
    public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext, int? epochs = null) =>
        mlContext.Transforms.Conversion.MapValueToKey("Tags")
            .Append(mlContext.MulticlassClassification.Trainers.RnnTagger(labelColumnName: "Tags", inputColumnName: "Tokens", epochs: epochs))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
