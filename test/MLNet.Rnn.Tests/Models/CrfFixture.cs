using System.Text.Json.Nodes;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Tests.Models;

/// <summary>
/// A CRF case of test/Fixtures/crf (written by eng/make_parity_fixtures.py with eng/crf_reference.py), in the packed
/// order the CRFs read: emissions and tags per packed row, and the reference's padded gradients gathered alike.
/// </summary>
internal sealed class CrfFixture
{
    private CrfFixture(string name, JsonNode node)
    {
        Name = name;
        TagNames = [.. node["tag_names"]!.AsArray().Select(n => n!.GetValue<string>())];
        Lengths = [.. node["lengths"]!.AsArray().Select(n => n!.GetValue<int>())];
        NumTags = TagNames.Length;
        // A batch of the fixture's lengths, for its layout: the ids themselves are not used.
        Batch = SequenceBatch.FromTokens(Lengths.Select(n => new int[n]).ToArray());
        Emissions = Packed(Values(node["emissions"]), NumTags);
        Tags = [.. Packed(Values(node["tags"]), 1).Select(v => (int)v)];
        Start = Floats(node["start_transitions"]);
        End = Floats(node["end_transitions"]);
        Transitions = Floats(node["transitions"]);
        var expected = node["expected"]!;
        Loss = expected["loss"]!.GetValue<double>();
        GradEmissions = Packed(Values(expected["grad_emissions"]), NumTags);
        GradStart = Floats(expected["grad_start_transitions"]);
        GradEnd = Floats(expected["grad_end_transitions"]);
        GradTransitions = Floats(expected["grad_transitions"]);
        Viterbi = Paths(expected["viterbi"]);
        ViterbiBio = Paths(expected["viterbi_bio"]);
    }

    public string Name { get; }
    public string[] TagNames { get; }
    public int[] Lengths { get; }
    public int NumTags { get; }
    public SequenceBatch Batch { get; }
    public float[] Emissions { get; }
    public int[] Tags { get; }
    public float[] Start { get; }
    public float[] End { get; }
    public float[] Transitions { get; }
    public double Loss { get; }
    public float[] GradEmissions { get; }
    public float[] GradStart { get; }
    public float[] GradEnd { get; }
    public float[] GradTransitions { get; }
    public int[][] Viterbi { get; }
    public int[][] ViterbiBio { get; }

    public static IEnumerable<object[]> Names() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "crf"), "*.json").Order(StringComparer.Ordinal).Select(p => new object[] { Path.GetFileName(p) });

    public static CrfFixture Load(string fileName) =>
        new(fileName, JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "crf", fileName)))!);

    /// <summary>A managed CRF holding the fixture's parameters, with zero gradients.</summary>
    public Crf Crf()
    {
        var store = new ParameterStore();
        var crf = new Crf(NumTags, 0, store, "crf.");
        Start.CopyTo(crf.StartTransitions.Value);
        End.CopyTo(crf.EndTransitions.Value);
        Transitions.CopyTo(crf.Transitions.Value);
        return crf;
    }

    /// <summary>The rows of a padded batch-first (B, T, width) tensor, in packed order.</summary>
    private float[] Packed(double[] padded, int width)
    {
        int steps = Lengths.Max();
        var packed = new float[Batch.Layout.TotalRows * width];
        SequenceBatch.ForEachRow(Batch.Layout, (row, b, t) =>
        {
            for (int j = 0; j < width; j++)
                packed[row * width + j] = (float)padded[(b * steps + t) * width + j];
        });
        return packed;
    }

    private static double[] Values(JsonNode? tensor) => [.. tensor!["data"]!.AsArray().Select(v => v!.GetValue<double>())];

    private static float[] Floats(JsonNode? tensor) => [.. Values(tensor).Select(v => (float)v)];

    private static int[][] Paths(JsonNode? paths) => [.. paths!.AsArray().Select(p => p!.AsArray().Select(v => v!.GetValue<int>()).ToArray())];
}
