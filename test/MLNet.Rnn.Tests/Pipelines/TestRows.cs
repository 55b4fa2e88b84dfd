using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>A review with a text label: "pos", "neg" or "meh".</summary>
public sealed class Review
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>A review with a <c>bool</c> label.</summary>
public sealed class BinaryReview
{
    public string Text { get; set; } = "";

    public bool Label { get; set; }
}

/// <summary>A review and how many good words it has, minus its bad ones.</summary>
public sealed class ScoredReview
{
    public string Text { get; set; } = "";

    public float Label { get; set; }
}

/// <summary>A variable-length trace of steps of two features, its class, and two numbers it determines.</summary>
public sealed class Trace
{
    public float[] Features { get; set; } = [];

    public string Label { get; set; } = "";

    [VectorType(2)]
    public float[] Targets { get; set; } = [];
}

/// <summary>A sentence and one tag per token.</summary>
public sealed class Sentence
{
    public string[] Tokens { get; set; } = [];

    public string[] Tags { get; set; } = [];
}

/// <summary>A text for a language model.</summary>
public sealed class Passage
{
    public string Text { get; set; } = "";
}

/// <summary>A window of a series and the value after it.</summary>
public sealed class Window
{
    public const int Length = 12;

    [VectorType(Length)]
    public float[] History { get; set; } = [];

    [VectorType(1)]
    public float[] Target { get; set; } = [];
}

/// <summary>Small learnable datasets made in the tests, the same for the same seed.</summary>
internal static class TestRows
{
    private static readonly string[] Good = ["good", "great", "lovely", "tasty", "friendly"];
    private static readonly string[] Bad = ["bad", "awful", "cold", "rude", "bland"];
    private static readonly string[] Filler = ["the", "food", "was", "service", "and", "really", "very", "place", "staff", "here"];

    /// <summary>Reviews with one good word ("pos"), one bad word ("neg"), or neither ("meh").</summary>
    public static List<Review> Reviews(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int kind = random.Next(3);
            var words = Enumerable.Range(0, 3 + random.Next(6)).Select(_ => Filler[random.Next(Filler.Length)]).ToList();
            if (kind < 2)
                words.Insert(random.Next(words.Count + 1), (kind == 0 ? Good : Bad)[random.Next(5)]);
            return new Review { Text = string.Join(' ', words) + (random.Next(2) == 1 ? "!" : "."), Label = kind switch { 0 => "pos", 1 => "neg", _ => "meh" } };
        }).ToList();
    }

    public static List<BinaryReview> BinaryReviews(int count, int seed) =>
        Reviews(count * 3 / 2, seed).Where(r => r.Label != "meh").Take(count).Select(r => new BinaryReview { Text = r.Text, Label = r.Label == "pos" }).ToList();

    /// <summary>Reviews of up to three sentiment words, scored by good minus bad.</summary>
    public static List<ScoredReview> ScoredReviews(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var words = Enumerable.Range(0, 2 + random.Next(4)).Select(_ => Filler[random.Next(Filler.Length)]).ToList();
            int score = 0;
            for (int i = random.Next(4); i > 0; i--)
            {
                bool good = random.Next(2) == 0;
                score += good ? 1 : -1;
                words.Insert(random.Next(words.Count + 1), (good ? Good : Bad)[random.Next(5)]);
            }
            return new ScoredReview { Text = string.Join(' ', words), Label = score };
        }).ToList();
    }

    /// <summary>Traces of 3 to 10 steps: the class is the sign of the first feature's sum; the targets are both features' means.</summary>
    public static List<Trace> Traces(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int steps = 3 + random.Next(8);
            var features = Enumerable.Range(0, steps * 2).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float first = Enumerable.Range(0, steps).Sum(t => features[t * 2]), second = Enumerable.Range(0, steps).Sum(t => features[t * 2 + 1]);
            return new Trace { Features = features, Label = first > 0 ? "up" : "down", Targets = [first / steps, second / steps] };
        }).ToList();
    }

    /// <summary>Sentences of determiners, nouns and verbs in a fixed grammar, tagged DET/NOUN/VERB.</summary>
    public static List<Sentence> Sentences(int count, int seed)
    {
        string[] dets = ["the", "a", "every"], nouns = ["cat", "dog", "bird", "child"], verbs = ["sees", "likes", "chases"];
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => new Sentence
        {
            Tokens = [dets[random.Next(3)], nouns[random.Next(4)], verbs[random.Next(3)], dets[random.Next(3)], nouns[random.Next(4)]],
            Tags = ["DET", "NOUN", "VERB", "DET", "NOUN"],
        }).ToList();
    }

    /// <summary>A text repeating a few short sentences, easy to learn character by character.</summary>
    public static string Story(int sentences, int seed)
    {
        string[] lines = ["the cat sat on the mat. ", "a dog ran to the park. ", "the bird sang a song. "];
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, sentences).Select(_ => lines[random.Next(lines.Length)]));
    }

    /// <summary>Windows of a noiseless mix of two sines (spread about 0.8) around <paramref name="level"/>, times <paramref name="scale"/>, and the value after each.</summary>
    public static List<Window> Sines(int count, float level = 0, float scale = 1)
    {
        float At(int t) => level + scale * (float)(Math.Sin(t * 0.3) + 0.5 * Math.Sin(t * 0.11));
        return Enumerable.Range(0, count).Select(start => new Window
        {
            History = Enumerable.Range(start, Window.Length).Select(At).ToArray(),
            Target = [At(start + Window.Length)],
        }).ToList();
    }
}
