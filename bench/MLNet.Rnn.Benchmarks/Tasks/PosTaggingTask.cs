using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Benchmarks.Tasks;

/// <summary>
/// UD English EWT, the first 3000 training sentences; BiLSTM tagger (embedding 64, hidden 64) over lower-cased
/// words, Adam 2e-3, 5 epochs of batches of 32; dev token accuracy on UPOS.
/// </summary>
internal static class PosTaggingTask
{
    public static Dictionary<string, object> Run(string datasets, int seed)
    {
        var train = ReadConllu(TaskSuite.Path(datasets, "ud-english-ewt-train", "en_ewt-ud-train.conllu"), 3000);
        var dev = ReadConllu(TaskSuite.Path(datasets, "ud-english-ewt", "en_ewt-ud-dev.conllu"), null);
        var vocabulary = new Vocabulary();
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in train)
            foreach (var (word, tag) in sentence)
            {
                vocabulary.Add(word.ToLowerInvariant());
                tags.TryAdd(tag, tags.Count);
            }
        foreach (var sentence in dev)
            foreach (var (_, tag) in sentence)
                tags.TryAdd(tag, tags.Count);
        SequenceDataset Encode(List<List<(string Word, string Tag)>> sentences) => SequenceDataset.TokensWithStepClasses(
            sentences.Select(s => s.Select(w => vocabulary.IdOf(w.Word.ToLowerInvariant())).ToArray()).ToArray(),
            sentences.Select(s => s.Select(w => tags[w.Tag]).ToArray()).ToArray());

        var (modelSeed, trainerSeed) = TaskSuite.Seeds(seed);
        var model = new SequenceModel(new SequenceModelOptions
        {
            Mode = RecurrentMode.Lstm, VocabularySize = vocabulary.Count, EmbeddingSize = 64, HiddenSize = 64, Bidirectional = true,
            Head = HeadKind.PerStep, Outputs = tags.Count,
        }, modelSeed);
        var trainer = new SequenceTrainer(model, new TrainerOptions
        {
            Epochs = 5, BatchSize = 32, Optimizer = "adam", LearningRate = 2e-3f, Seed = trainerSeed,
        });
        var result = trainer.Fit(Encode(train));
        var evaluation = trainer.Evaluate(Encode(dev));
        return new() { ["metric"] = "dev_token_accuracy", ["value"] = TaskSuite.Round(evaluation.TokenAccuracy!.Value), ["train_seconds"] = TaskSuite.Round(result.Elapsed.TotalSeconds) };
    }

    /// <summary>(form, UPOS) per word; multi-word token lines and empty nodes skipped, like the script.</summary>
    private static List<List<(string Word, string Tag)>> ReadConllu(string path, int? limit)
    {
        var sentences = new List<List<(string, string)>>();
        var current = new List<(string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                if (current.Count > 0)
                {
                    sentences.Add(current);
                    current = [];
                }
                if (limit is { } n && sentences.Count >= n)
                    return sentences;
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var fields = line.Split('\t');
            if (fields[0].Contains('-') || fields[0].Contains('.'))
                continue;
            current.Add((fields[1], fields[3]));
        }
        if (current.Count > 0)
            sentences.Add(current);
        return sentences;
    }
}
