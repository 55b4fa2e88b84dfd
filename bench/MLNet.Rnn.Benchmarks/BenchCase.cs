using System.Text.Json;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Benchmarks;

/// <summary>One case of <c>shared/bench/cases.json</c>: the whole model, of which the recurrent suite times the recurrent part.</summary>
internal sealed record BenchCase(string Name, string Cell, int? Vocabulary, int Input, int Hidden, int Layers, bool Bidirectional, int Batch,
    int MinLength, int MaxLength, int Outputs, bool PerStep)
{
    public static IReadOnlyList<BenchCase> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new List<BenchCase>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.StartsWith('_'))
                continue;
            var c = property.Value;
            var vocabulary = c.GetProperty("vocab");
            cases.Add(new BenchCase(property.Name, c.GetProperty("cell").GetString()!, vocabulary.ValueKind == JsonValueKind.Null ? null : vocabulary.GetInt32(),
                c.GetProperty("input").GetInt32(), c.GetProperty("hidden").GetInt32(), c.GetProperty("layers").GetInt32(), c.GetProperty("bidirectional").GetBoolean(),
                c.GetProperty("batch").GetInt32(), c.GetProperty("min_len").GetInt32(), c.GetProperty("max_len").GetInt32(),
                c.GetProperty("outputs").GetInt32(), c.GetProperty("per_step").GetBoolean()));
        }
        return cases;
    }

    /// <summary>The whole model as <c>shared/bench/torch_peer.py</c> builds it (no padding index, no dropout).</summary>
    public SequenceModelOptions ModelOptions() => new()
    {
        Mode = Cell switch { "lstm" => RecurrentMode.Lstm, "gru" => RecurrentMode.Gru, _ => RecurrentMode.RnnTanh },
        VocabularySize = Vocabulary, EmbeddingSize = Input, FeatureCount = Input, HiddenSize = Hidden, NumLayers = Layers,
        Bidirectional = Bidirectional, Head = PerStep ? HeadKind.PerStep : HeadKind.LastHidden, Outputs = Outputs,
    };

    /// <summary>
    /// The case's architecture as an ML.NET user's options, for one epoch of training: the weights do not change the time.
    /// </summary>
    public RnnOptions UserOptions() => new()
    {
        Cell = Cell switch { "lstm" => RecurrentCell.Lstm, "gru" => RecurrentCell.Gru, _ => RecurrentCell.Rnn },
        HiddenSize = Hidden, NumLayers = Layers, Bidirectional = Bidirectional, EmbeddingSize = Input, FeaturesPerStep = Input,
        Epochs = 1, BatchSize = Batch, Engine = RnnEngine.Managed,
        // The cases' architectures read word embeddings of the ids as given, as their PyTorch and ONNX peers do.
        CharacterFeatures = 0, LowerCase = false,
    };

    /// <summary>
    /// Lengths spread evenly over [MinLength, MaxLength], longest first: deterministic, so that
    /// eng/bench_recurrent_torch.py times exactly the same packed batch.
    /// </summary>
    public int[] Lengths()
    {
        var lengths = new int[Batch];
        for (int b = 0; b < Batch; b++)
            lengths[b] = Batch == 1 ? MaxLength : MaxLength - (int)Math.Round((double)(MaxLength - MinLength) * b / (Batch - 1));
        return lengths;
    }
}
