using MLNet.Rnn.Compute;
using MLNet.Rnn.Data;

namespace MLNet.Rnn.Tests.Api;

public sealed class Review
{
    [TableColumn(Position = 0)]
    public string Text { get; set; } = "";

    [TableColumn(Position = 1)]
    public bool Label { get; set; }
}

public sealed class ReviewPrediction
{
    public bool PredictedLabel { get; set; }

    public float[] Score { get; set; } = [];
}

public sealed class Series
{
    public float[] History { get; set; } = [];

    public float Target { get; set; }
}

public sealed class SeriesPrediction
{
    public float Score { get; set; }
}

public sealed class Sentence
{
    public string[] Tokens { get; set; } = [];

    public string[] Tags { get; set; } = [];
}

public sealed class Passage
{
    public string Text { get; set; } = "";
}

/// <summary>Small learnable datasets made in the test.</summary>
internal static class ApiTestData
{
    private static readonly string[] Good = ["good", "great", "lovely", "tasty", "friendly"];
    private static readonly string[] Bad = ["bad", "awful", "cold", "rude", "bland"];
    private static readonly string[] Filler = ["the", "food", "was", "service", "and", "really", "very", "place", "staff", "here"];

    /// <summary>Reviews whose label is whether a positive word appears (each has exactly one sentiment word).</summary>
    public static Review[] Reviews(int count, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            bool positive = rng.NextInt(2) == 1;
            var words = Enumerable.Range(0, 3 + rng.NextInt(6)).Select(_ => Filler[rng.NextInt(Filler.Length)]).ToList();
            words.Insert(rng.NextInt(words.Count + 1), (positive ? Good : Bad)[rng.NextInt(5)]);
            return new Review { Text = string.Join(' ', words) + (rng.NextInt(2) == 1 ? "!" : "."), Label = positive };
        }).ToArray();
    }

    /// <summary>Windows of a noiseless two-sine series and the next value.</summary>
    public static Series[] Sines(int count, int history = 12)
    {
        float At(int t) => (float)(Math.Sin(t * 0.3) + 0.5 * Math.Sin(t * 0.11));
        return Enumerable.Range(0, count).Select(start => new Series
        {
            History = Enumerable.Range(start, history).Select(At).ToArray(),
            Target = At(start + history),
        }).ToArray();
    }

    /// <summary>Sentences of determiners, nouns and verbs in a fixed grammar, tagged DET/NOUN/VERB.</summary>
    public static Sentence[] Sentences(int count, ulong seed)
    {
        string[] dets = ["the", "a", "every"], nouns = ["cat", "dog", "bird", "child"], verbs = ["sees", "likes", "chases"];
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => new Sentence
        {
            Tokens = [dets[rng.NextInt(3)], nouns[rng.NextInt(4)], verbs[rng.NextInt(3)], dets[rng.NextInt(3)], nouns[rng.NextInt(4)]],
            Tags = ["DET", "NOUN", "VERB", "DET", "NOUN"],
        }).ToArray();
    }
}
