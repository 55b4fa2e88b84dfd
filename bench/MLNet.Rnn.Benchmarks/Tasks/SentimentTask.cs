using System.Text.RegularExpressions;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Benchmarks.Tasks;

/// <summary>yelp_labelled.txt, 80/20 split, BiLSTM (embedding 64, hidden 64) on the last state, Adam 2e-3, 10 epochs of batches of 32.</summary>
internal static partial class SentimentTask
{
    [GeneratedRegex(@"\w+|[^\w\s]")]
    private static partial Regex Token();

    public static Dictionary<string, object> Run(string datasets, int seed)
    {
        var rows = File.ReadLines(TaskSuite.Path(datasets, "sentiment-labelled-sentences", "yelp_labelled.txt"))
            .Where(line => line.Contains('\t'))
            .Select(line => (Text: line[..line.LastIndexOf('\t')], Label: int.Parse(line[(line.LastIndexOf('\t') + 1)..].Trim())))
            .ToArray();
        new Rng(0).Shuffle<(string Text, int Label)>(rows);
        int cut = (int)(rows.Length * 0.8);
        var train = rows[..cut];
        var test = rows[cut..];

        var vocabulary = new Vocabulary();
        foreach (var (text, _) in train)
            foreach (Match m in Token().Matches(text.ToLowerInvariant()))
                vocabulary.Add(m.Value);
        int[] Encode(string text)
        {
            var ids = Token().Matches(text.ToLowerInvariant()).Select(m => vocabulary.IdOf(m.Value)).ToArray();
            return ids.Length > 0 ? ids : [1];
        }

        var (modelSeed, trainerSeed) = TaskSuite.Seeds(seed);
        var model = new SequenceModel(new SequenceModelOptions
        {
            Mode = RecurrentMode.Lstm, VocabularySize = vocabulary.Count, EmbeddingSize = 64, HiddenSize = 64,
            Bidirectional = true, Head = HeadKind.LastHidden, Outputs = 2,
        }, modelSeed);
        var trainer = new SequenceTrainer(model, new TrainerOptions
        {
            Epochs = 10, BatchSize = 32, Optimizer = "adam", LearningRate = 2e-3f, Seed = trainerSeed,
        });
        var result = trainer.Fit(SequenceDataset.TokensWithClass(train.Select(r => Encode(r.Text)).ToArray(), train.Select(r => r.Label).ToArray()));
        var evaluation = trainer.Evaluate(SequenceDataset.TokensWithClass(test.Select(r => Encode(r.Text)).ToArray(), test.Select(r => r.Label).ToArray()));
        return new() { ["metric"] = "test_accuracy", ["value"] = TaskSuite.Round(evaluation.Classification!.Accuracy), ["train_seconds"] = TaskSuite.Round(result.Elapsed.TotalSeconds) };
    }
}
