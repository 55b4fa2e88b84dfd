// The pipeline that trains the character-level language model: a GRU over the characters of the text. The shape of
// Model Builder's generated training code.
using Microsoft.ML;
using MLNet.Rnn;

namespace LanguageModel;

public static partial class CharacterModel
{
    /// <summary>The training pipeline: the language model alone.</summary>
    public static RnnEstimator BuildPipeline(MLContext mlContext, int epochs = 5) =>
        mlContext.Transforms.Text.RnnLanguageModel(inputColumnName: "Text", tokenization: TextTokenization.Characters, epochs: epochs);
}
