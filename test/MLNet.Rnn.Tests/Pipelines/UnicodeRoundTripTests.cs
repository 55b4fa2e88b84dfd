using System.Text;
using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// A saved model predicts what it predicted before saving, whatever the text: lone surrogates, NUL, combining marks,
/// right-to-left text, emoji, a megabyte of whitespace, with each tokenization; tags are named alike before and after.
/// </summary>
[TestClass]
public sealed class UnicodeRoundTripTests
{
    private static readonly RnnOptions Small = new() { Task = RnnTask.Classification, InputColumnName = "Text", LabelColumnName = "Label", HiddenSize = 4, EmbeddingSize = 4, Epochs = 1, BatchSize = 16 };

    public static IEnumerable<object[]> Tokenizations => Enum.GetValues<TextTokenization>().Select(t => new object[] { t });

    [TestMethod]
    [DynamicData(nameof(Tokenizations))]
    public void TwoDifferentLoneSurrogatesTrainSaveLoadAndScoreAsBefore(TextTokenization tokenization)
    {
        // Before the repair, the vocabulary held both halves, the manifest wrote each as U+FFFD, and the load failed
        // ("Token '\uFFFD' appears at ids 9 and 10"); with one half alone, it loaded and scored differently.
        string[] texts = ["good \uD800 food", "bad \uDC00 food", "good", "bad", "\uD800", "\uDC00"];
        var rows = Enumerable.Range(0, 40).Select(i => new BinaryReview { Text = texts[i % texts.Length], Label = i % 2 == 0 }).ToList();
        string[] probes = ["\uD800", "\uDC00", "\uFFFD", "good \uDBFF", "x\uDFFFy", "plain"];

        AssertSameScoresAfterSaving(rows, probes, Small with { Tokenization = tokenization });
    }

    [TestMethod]
    [DynamicData(nameof(Tokenizations))]
    public void RandomUnicodeTrainsSavesLoadsAndScoresAsBefore(TextTokenization tokenization)
    {
        var random = new Random(2026 + (int)tokenization);
        var rows = Enumerable.Range(0, 120).Select(i => new BinaryReview { Text = RandomText(random), Label = random.Next(2) == 0 }).ToList();
        rows.Add(new BinaryReview { Text = new string(' ', 1 << 20), Label = true });
        rows.Add(new BinaryReview { Text = string.Concat(Enumerable.Repeat("\t\n\u00A0\u2003", 1 << 18)), Label = false });
        var probes = Enumerable.Range(0, 60).Select(_ => RandomText(random)).Append("").Append(new string(' ', 1 << 20)).ToArray();

        var model = AssertSameScoresAfterSaving(rows, probes, Small with { Tokenization = tokenization });

        foreach (string token in model.Vocabulary!)
            Assert.AreEqual(token, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(token)), "every token the model keeps survives UTF-8");
    }

    [TestMethod]
    public void TagsWithLoneSurrogatesComeBackAsTheModelNamedThem()
    {
        var ml = new MLContext(seed: 1);
        var sentences = Enumerable.Range(0, 30).Select(i => new Sentence
        {
            Tokens = ["a\uD800", "b", "c"],
            Tags = [i % 2 == 0 ? "X\uD800" : "X\uFFFD", "Y", "Z\uDC00"],
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(sentences);
        var tagger = ml.MulticlassClassification.Trainers.RnnTagger(epochs: 1).Fit(data);

        CollectionAssert.AreEqual(new[] { "X\uFFFD", "Y", "Z\uFFFD" }, tagger.ClassNames!.ToArray(), "both spellings of the first tag are one tag");
        using var file = new MemoryStream();
        ml.Model.Save(tagger, data.Schema, file);
        file.Position = 0;
        var loaded = new MLContext().Model.Load(file, out _);
        CollectionAssert.AreEqual(ScoredValues.Of(tagger.Transform(data), "PredictedLabel"), ScoredValues.Of(loaded.Transform(data), "PredictedLabel"));
        var metrics = ml.MulticlassClassification.EvaluateTagging(loaded.Transform(data));
        Bound.AtLeast(metrics.TokenAccuracy, 2.0 / 3, "the label's lone surrogates read as the model reads them, so at least the fixed tags Y and Z count as right");
    }

    /// <summary>Trains on <paramref name="rows"/>, saves, loads with a new MLContext, and compares scores on the rows and <paramref name="probes"/> bit for bit.</summary>
    private static RnnTransformer AssertSameScoresAfterSaving(List<BinaryReview> rows, string[] probes, RnnOptions options)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Rnn(options).Fit(data);
        var scored = ml.Data.LoadFromEnumerable(rows.Concat(probes.Select(p => new BinaryReview { Text = p })));

        using var file = new MemoryStream();
        ml.Model.Save(model, data.Schema, file);
        file.Position = 0;
        var loaded = new MLContext(seed: 2).Model.Load(file, out _);

        CollectionAssert.AreEqual(ScoredValues.Of(model.Transform(scored), "Score"), ScoredValues.Of(loaded.Transform(scored), "Score"),
            $"{options.Tokenization}: the loaded model scores as the saved one");
        return model;
    }

    /// <summary>A short text of words, spaces and the kinds of trouble that text from the wild holds.</summary>
    private static string RandomText(Random random)
    {
        string[] pieces =
        [
            "good", "bad", "food", "Ünïcödé", "e\u0301", "a\u0308\u0323", "\0", "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627",
            "\u200F", "\u202E", "\uD83D\uDE00", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDDEB\uD83C\uDDF7",
            "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFFFD", "\uFEFF", "\u00A0", "\u2003", "\t", "\n", " ", "  ",
        ];
        var text = new StringBuilder();
        for (int i = random.Next(1, 12); i > 0; i--)
            text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }
}
