using System.Text.RegularExpressions;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Benchmarks.Tasks;

/// <summary>
/// timemachine.txt as lower-case letters and spaces; GRU language model (embedding 32, hidden 256) trained
/// statefully over 32 streams in windows of 35 with clipping at 1, Adam 3e-3, 5 epochs; validation perplexity
/// on the last 10%.
/// </summary>
internal static partial class CharLanguageModelTask
{
    [GeneratedRegex("[^A-Za-z]+")]
    private static partial Regex NonLetters();

    public static Dictionary<string, object> Run(string datasets, int seed)
    {
        string text = NonLetters().Replace(File.ReadAllText(TaskSuite.Path(datasets, "timemachine", "timemachine.txt")), " ").ToLowerInvariant();
        var chars = text.Distinct().Order().ToArray();
        var ids = text.Select(c => Array.BinarySearch(chars, c)).ToArray();
        int cut = (int)(ids.Length * 0.9);

        var (modelSeed, trainerSeed) = TaskSuite.Seeds(seed);
        var model = new SequenceModel(new SequenceModelOptions
        {
            Mode = RecurrentMode.Gru, VocabularySize = chars.Length, EmbeddingSize = 32, HiddenSize = 256, Head = HeadKind.PerStep, Outputs = chars.Length,
        }, modelSeed);
        var trainer = new LanguageModelTrainer(model, new TrainerOptions
        {
            Epochs = 5, BatchSize = 32, Optimizer = "adam", LearningRate = 3e-3f, ClipGradientNorm = 1.0, Seed = trainerSeed,
        }, bpttLength: 35);
        var result = trainer.Fit(ids[..cut]);
        var validation = trainer.Evaluate(ids[cut..]);
        return new() { ["metric"] = "val_perplexity", ["value"] = TaskSuite.Round(validation.Perplexity), ["train_seconds"] = TaskSuite.Round(result.Elapsed.TotalSeconds) };
    }
}
