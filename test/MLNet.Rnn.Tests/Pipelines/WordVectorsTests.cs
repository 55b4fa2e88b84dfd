using System.Globalization;
using Microsoft.ML;
using MLNet.Rnn.Engines;
using MLNet.Rnn.TorchSharp;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Pretrained word vectors as users give them: a word2vec or GloVe text file initialises the vocabulary's rows, frozen or fine-tuned, on both engines, and bad files say what is wrong where.</summary>
[TestClass]
public sealed class WordVectorsTests
{
    private const int Width = 8;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(true, false)]
    [DataRow(false, false)]
    [DataRow(true, true)]
    public void FrozenVectorsStayAsPretrainedAndFineTunedOnesMove(bool header, bool torchSharp)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromEnumerable(TestRows.BinaryReviews(60, 1));
        var words = ml.Data.CreateEnumerable<BinaryReview>(data, reuseRowObject: false)
            .SelectMany(r => r.Text.Split(' ')).Select(w => w.TrimEnd('.', '!')).Distinct().Order(StringComparer.Ordinal).ToArray();
        string path = VectorsFile(words.Skip(1).Append("absent").ToArray(), header);
        var options = new RnnOptions { HiddenSize = 6, EmbeddingSize = Width, Epochs = 2, WordVectorsPath = path, Engine = torchSharp ? TorchSharpEngine.Cpu() : RnnEngine.Managed };

        var frozen = ml.BinaryClassification.Trainers.Rnn(options with { FreezeEmbedding = true }).Fit(data);
        var tuned = ml.BinaryClassification.Trainers.Rnn(options).Fit(data);

        foreach (string word in words.Skip(1))
        {
            CollectionAssert.AreEqual(Vector(word), Row(frozen, word), $"the frozen row of '{word}'");
            CollectionAssert.AreNotEqual(Vector(word), Row(tuned, word), $"the fine-tuned row of '{word}'");
        }
        CollectionAssert.AreNotEqual(Vector(words[0]), Row(frozen, words[0]), $"'{words[0]}' is not in the file, so its row starts at random");
    }

    [TestMethod]
    public void AModelTrainedWithVectorsLoadsWhereTheFileIsNot()
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromEnumerable(TestRows.BinaryReviews(40, 1));
        string path = VectorsFile(["good", "bad"], header: false);
        var model = ml.BinaryClassification.Trainers.Rnn(new RnnOptions { EmbeddingSize = Width, HiddenSize = 4, Epochs = 1, WordVectorsPath = path, FreezeEmbedding = true }).Fit(data);
        using var file = new MemoryStream();
        ml.Model.Save(model, data.Schema, file);
        File.Delete(path);
        file.Position = 0;
        var loaded = ml.Model.Load(file, out _);
        CollectionAssert.AreEqual(ScoredValues.Of(model.Transform(data), "Score"), ScoredValues.Of(loaded.Transform(data), "Score"), "scores after loading without the vectors' file");
    }

    [TestMethod]
    public void AVectorOfAnotherSizeNamesTheFileTheLineAndTheExpectedSize()
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromEnumerable(TestRows.BinaryReviews(20, 1));
        string path = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"short-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, ["good 1 2 3 4 5 6 7 8", "bad 1 2 3"]);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.BinaryClassification.Trainers.Rnn(new RnnOptions { EmbeddingSize = Width, Epochs = 1, WordVectorsPath = path }).Fit(data));
        StringAssert.Contains(error.Message, $"'{path}', line 2: 3 values for 'bad', expected 8 (EmbeddingSize)");
    }

    [TestMethod]
    public void OptionsThatCannotWorkAreRefusedByName()
    {
        var ml = new MLContext(seed: 1);
        Assert.AreEqual("WordVectorsPath", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(new RnnOptions { WordVectorsPath = "/no/such/vectors.txt" })).ParamName);
        Assert.AreEqual("FreezeEmbedding", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(new RnnOptions { FreezeEmbedding = true })).ParamName);
        var numbers = ml.Data.LoadFromEnumerable(TestRows.Traces(20, 1));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(numbers).Transform(numbers);
        string path = VectorsFile(["good"], header: false);
        var error = Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(new RnnOptions { InputColumnName = "Features", FeaturesPerStep = 2, Epochs = 1, WordVectorsPath = path }).Fit(keyed));
        Assert.AreEqual("WordVectorsPath", error.ParamName);
    }

    /// <summary>A vector for each word, values derived from the word, written as word2vec (with its header) or GloVe (without).</summary>
    private string VectorsFile(string[] words, bool header)
    {
        string path = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"vectors-{Guid.NewGuid():N}.txt");
        var lines = words.Select(w => w + " " + string.Join(' ', Vector(w).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        File.WriteAllLines(path, header ? [$"{words.Length} {Width}", .. lines] : lines);
        return path;
    }

    private static float[] Vector(string word) => Enumerable.Range(0, Width).Select(i => (word.GetHashCode(StringComparison.Ordinal) % 97 + i * 13) / 50f).ToArray();

    private static float[] Row(RnnTransformer model, string word)
    {
        int id = model.Vocabulary!.ToList().IndexOf(word);
        Assert.IsGreaterThanOrEqualTo(0, id, $"'{word}' is in the vocabulary");
        return model.Parameters.Single(p => p.Name == "embedding.weight").Values.Span.Slice(id * Width, Width).ToArray();
    }
}
