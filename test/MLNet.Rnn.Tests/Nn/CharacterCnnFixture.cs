using System.Text.Json.Nodes;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Tests.Nn;

/// <summary>
/// A character CNN case of test/Fixtures/char_cnn (written by eng/make_parity_fixtures.py with
/// eng/char_cnn_reference.py): words as character ids, the parameters, an upstream gradient, and PyTorch's features and
/// parameter gradients of sum(features * upstream).
/// </summary>
internal sealed class CharacterCnnFixture
{
    private CharacterCnnFixture(JsonNode node)
    {
        var words = node["words"]!.AsArray().Select(w => w!.AsArray().Select(c => c!.GetValue<int>()).ToArray()).ToArray();
        Words = WordCharacters.FromWords(words);
        Characters = node["characters"]!.GetValue<int>();
        var weightShape = node["char_cnn_weight"]!["shape"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        (Filters, EmbeddingSize) = (weightShape[0], weightShape[1]);
        Embedding = Floats(node["char_embedding"]);
        Weight = Floats(node["char_cnn_weight"]);
        Bias = Floats(node["char_cnn_bias"]);
        GradOutput = Floats(node["grad_output"]);
        var expected = node["expected"]!;
        Features = Floats(expected["features"]);
        GradEmbedding = Floats(expected["grad_char_embedding"]);
        GradWeight = Floats(expected["grad_char_cnn_weight"]);
        GradBias = Floats(expected["grad_char_cnn_bias"]);
    }

    public WordCharacters Words { get; }
    public int Characters { get; }
    public int EmbeddingSize { get; }
    public int Filters { get; }
    public float[] Embedding { get; }
    public float[] Weight { get; }
    public float[] Bias { get; }
    public float[] GradOutput { get; }
    public float[] Features { get; }
    public float[] GradEmbedding { get; }
    public float[] GradWeight { get; }
    public float[] GradBias { get; }

    public static IEnumerable<object[]> Names() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "char_cnn"), "*.json").Order(StringComparer.Ordinal).Select(p => new object[] { Path.GetFileName(p) });

    public static CharacterCnnFixture Load(string fileName) =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "char_cnn", fileName)))!);

    /// <summary>A managed character CNN holding the fixture's parameters, with zero gradients.</summary>
    public CharacterCnn Cnn(out ParameterStore store)
    {
        store = new ParameterStore();
        var cnn = new CharacterCnn(Characters, EmbeddingSize, Filters, 0, store);
        Embedding.CopyTo(store["char_embedding.weight"].Value);
        Weight.CopyTo(store["char_cnn.weight"].Value);
        Bias.CopyTo(store["char_cnn.bias"].Value);
        return cnn;
    }

    private static float[] Floats(JsonNode? tensor) => [.. tensor!["data"]!.AsArray().Select(n => (float)n!.GetValue<double>())];
}
