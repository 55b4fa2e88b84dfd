using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// What a model keeps in ML.NET's model.zip, and that a damaged, forged or inconsistent one fails to load with an
/// <see cref="InvalidDataException"/> (the base exception of what <c>Model.Load</c> throws) naming what is wrong, before
/// allocating more than the file could hold.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ModelFileTests
{
    private const long AllocationBound = 64L << 20;

    private static readonly Lazy<byte[]> Classifier = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1));
        // One direction, so that a manifest edited to say "language model" fails on its labels and head, the check under test.
        return Saved(ml, ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Rnn(new RnnOptions { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1, Bidirectional = false })).Fit(data), data);
    });

    private static readonly Lazy<byte[]> Forecaster = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Sines(40));
        return Saved(ml, ml.Forecasting.ForecastByRnn(epochs: 1), data);
    });

    private static byte[] Saved(MLContext ml, IEstimator<ITransformer> estimator, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(estimator.Fit(data), data.Schema, stream);
        return stream.ToArray();
    }

    private static byte[] Saved(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Loads and expects the documented failure; returns its message after checking what the load allocated.</summary>
    internal static string LoadFails(byte[] zip)
    {
        var (error, allocated) = Allocations.During(() => Assert.Throws<Exception>(() => new MLContext().Model.Load(new MemoryStream(zip), out _)));
        LoadFailure.Outcome(error, mlNetBytesDamaged: false, "the failed load");
        Assert.IsLessThan(AllocationBound, allocated, $"the failed load allocated {allocated} bytes");
        return error.GetBaseException().Message;
    }

    private static JsonObject ManifestOf(byte[] zip)
    {
        var entries = ModelZip.Entries(zip);
        return JsonNode.Parse(entries[ModelZip.PartName(entries.Keys, ModelZip.Manifest)])!.AsObject();
    }

    private static readonly Lazy<byte[]> CrfTagger = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Sentences(20, 1));
        return Saved(ml, ml.MulticlassClassification.Trainers.RnnTagger(new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 }), data);
    });

    private static byte[] WithManifest(byte[] zip, Action<JsonObject> edit)
    {
        var manifest = ManifestOf(zip);
        edit(manifest);
        return ModelZip.WithPart(zip, ModelZip.Manifest, Encoding.UTF8.GetBytes(manifest.ToJsonString()), rehash: true);
    }

    [TestMethod]
    public void TheModelKeepsItsManifestAndPyTorchNamedWeightsInTheTransformersFolder()
    {
        var entries = ModelZip.Entries(Classifier.Value);
        string manifest = ModelZip.PartName(entries.Keys, ModelZip.Manifest), weights = ModelZip.PartName(entries.Keys, ModelZip.Weights);

        Assert.AreEqual(Path.GetDirectoryName(manifest), Path.GetDirectoryName(weights));
        var json = ManifestOf(Classifier.Value);
        Assert.AreEqual("mlnet-rnn-model", (string)json["format"]!);
        Assert.AreEqual("Classification", (string)json["task"]!);
        Assert.AreEqual("ClassKey", (string)json["label"]!["kind"]!);
        CollectionAssert.AreEquivalent(new[] { "pos", "neg", "meh" }, json["label"]!["keyValues"]!["values"]!.AsArray().Select(v => (string)v!).ToArray());
    }

    [TestMethod]
    [DataRow(ModelZip.Manifest)]
    [DataRow(ModelZip.Weights)]
    public void APartChangedByOneByteFailsItsIntegrityCheck(string part)
    {
        var entries = ModelZip.Entries(Classifier.Value);
        var content = (byte[])entries[ModelZip.PartName(entries.Keys, part)].Clone();
        content[content.Length / 2] ^= 0x10;

        string error = LoadFails(ModelZip.WithPart(Classifier.Value, part, content, rehash: false));

        StringAssert.Contains(error, $"part '{part}': damaged: its SHA-256 is");
        StringAssert.StartsWith(error, "The MLNet.Rnn model in '");
    }

    [TestMethod]
    [DataRow("vocabulary", "tokens but the model expects")]
    [DataRow("classes", "label.keyValues has a value count other than label.classCount")]
    [DataRow("input kind", "not a known InputKind")]
    [DataRow("label kind as a number", "not a known LabelKind")]
    [DataRow("head as a number", "'model' is not a valid SequenceModelOptions")]
    [DataRow("language model", "do not fit the task LanguageModel")]
    [DataRow("regression", "do not fit the task Regression")]
    [DataRow("hidden size", "options.HiddenSize, NumLayers and Bidirectional do not match")]
    [DataRow("hidden size everywhere", "wrong shape: head.weight")]
    [DataRow("layers", "NumLayers is 1000; expected in [1, 64]")]
    [DataRow("no tokenizer", "input.tokenizer is missing for Text input")]
    [DataRow("no label", "no 'label'")]
    [DataRow("text for a number", "'keyCount' is not a non-negative integer")]
    [DataRow("null class name", "'label.keyValues' holds something other than text")]
    public void AnInconsistentManifestIsRejectedEvenWithAMatchingHash(string damage, string message)
    {
        var zip = WithManifest(Classifier.Value, manifest =>
        {
            switch (damage)
            {
                case "vocabulary": manifest["input"]!["vocabulary"]!["Tokens"]!.AsArray().RemoveAt(5); break;
                case "classes": manifest["label"]!["keyValues"]!["values"]!.AsArray().Add("maybe"); break;
                case "input kind": manifest["input"]!["kind"] = "Picture"; break;
                case "label kind as a number": manifest["label"]!["kind"] = "99"; break;
                case "head as a number": manifest["model"]!["Head"] = 99; break;
                case "language model": manifest["options"]!["Task"] = "LanguageModel"; break;
                case "regression": manifest["options"]!["Task"] = "Regression"; break;
                case "hidden size": manifest["model"]!["HiddenSize"] = 6000; break;
                case "hidden size everywhere": manifest["model"]!["HiddenSize"] = 6000; manifest["options"]!["HiddenSize"] = 6000; break;
                case "layers": manifest["model"]!["NumLayers"] = 1000; manifest["options"]!["NumLayers"] = 1000; break;
                case "no tokenizer": manifest["input"]!["tokenizer"] = null; break;
                case "no label": manifest.Remove("label"); break;
                case "text for a number": manifest["input"]!["keyCount"] = "many"; break;
                default: manifest["label"]!["keyValues"]!["values"]!.AsArray()[0] = null; break;
            }
        });

        StringAssert.Contains(LoadFails(zip), message);
    }

    [TestMethod]
    public void ARepeatedKeyInTheManifestIsRejected()
    {
        var entries = ModelZip.Entries(Classifier.Value);
        string text = Encoding.UTF8.GetString(entries[ModelZip.PartName(entries.Keys, ModelZip.Manifest)]);
        string repeated = text.Replace("\"task\": \"Classification\",", "\"task\": \"Classification\", \"task\": \"Regression\",", StringComparison.Ordinal);
        Assert.AreNotEqual(text, repeated);

        StringAssert.Contains(LoadFails(ModelZip.WithPart(Classifier.Value, ModelZip.Manifest, Encoding.UTF8.GetBytes(repeated), rehash: true)), "not valid JSON");
    }

    [TestMethod]
    public void ANonFiniteWeightIsRejected()
    {
        var entries = ModelZip.Entries(Classifier.Value);
        var weights = (byte[])entries[ModelZip.PartName(entries.Keys, ModelZip.Weights)].Clone();
        // The file's last four bytes are the last value of the last tensor written.
        BitConverter.GetBytes(float.NaN).CopyTo(weights, weights.Length - 4);

        string error = LoadFails(ModelZip.WithPart(Classifier.Value, ModelZip.Weights, weights, rehash: true));

        StringAssert.Contains(error, "not finite: rnn.");
        StringAssert.Contains(error, "] is NaN");
    }

    [TestMethod]
    public void ACrfMustBeInTheOptionsTheArchitectureAndTheWeightsAlike()
    {
        StringAssert.Contains(LoadFails(WithManifest(CrfTagger.Value, manifest => manifest["model"]!["Crf"] = false)), "options.Crf True does not match model.Crf False");
        StringAssert.Contains(LoadFails(WithManifest(CrfTagger.Value, manifest => { manifest["model"]!["Crf"] = false; manifest["options"]!["Crf"] = false; })), "crf.");
        StringAssert.Contains(LoadFails(WithManifest(Classifier.Value, manifest => manifest["model"]!["Crf"] = true)), "Crf");
    }

    [TestMethod]
    public void CharacterFeaturesMustBeInTheInputTheArchitectureAndTheWeightsAlike()
    {
        StringAssert.Contains(LoadFails(WithManifest(CrfTagger.Value, manifest => manifest["input"]!["characters"] = null)), "input.characters is missing for a model with character features");
        StringAssert.Contains(LoadFails(WithManifest(CrfTagger.Value, manifest => manifest["input"]!["characters"]!["Tokens"]!.AsArray().RemoveAt(1))), "the character vocabulary has");
        StringAssert.Contains(LoadFails(WithManifest(CrfTagger.Value, manifest => manifest["model"]!["CharacterFilters"] = 7)), "CharacterFeatures 30 does not match model.CharacterFilters 7");
        StringAssert.Contains(LoadFails(WithManifest(CrfTagger.Value, manifest => { manifest["model"]!["CharacterFilters"] = 7; manifest["options"]!["CharacterFeatures"] = 7; })), "char_cnn.");
        StringAssert.Contains(LoadFails(WithManifest(CrfTagger.Value, manifest => manifest["model"]!["CharacterFilters"] = 1_000_000)), "CharacterFilters");
    }

    [TestMethod]
    public void TokensAreLowerCasedAsTheManifestSaysAndOnlyForTokenInput()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1).Select(r => new TokenReview { Tokens = r.Text.Split(' '), Label = r.Label }).ToList());
        var zip = Saved(ml, ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Rnn(new RnnOptions { InputColumnName = "Tokens", HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 })), data);
        Assert.IsTrue(ManifestOf(zip)["input"]!["lowerCasesTokens"]!.GetValue<bool>(), "the manifest of a token model trained with LowerCase");
        List<string> Scores(byte[] model, params string[] tokens)
        {
            var row = ml.Data.LoadFromEnumerable(new[] { new TokenReview { Tokens = tokens, Label = "pos" } });
            return ScoredValues.Of(new MLContext().Model.Load(new MemoryStream(model), out _).Transform(row), "Score");
        }

        CollectionAssert.AreEqual(Scores(zip, "the", "food", "was", "great"), Scores(zip, "The", "FOOD", "Was", "GREAT"), "a token model with LowerCase reads words in any case alike");
        // A model saved before the manifest said so kept its tokens' case: words it never saw in that case are unknown.
        var asGiven = WithManifest(zip, manifest => manifest["input"]!.AsObject().Remove("lowerCasesTokens"));
        CollectionAssert.AreEqual(Scores(asGiven, "qqq", "qqq", "qqq", "qqq"), Scores(asGiven, "The", "FOOD", "Was", "GREAT"), "a manifest without lowerCasesTokens");
        CollectionAssert.AreNotEqual(Scores(asGiven, "qqq", "qqq", "qqq", "qqq"), Scores(asGiven, "the", "food", "was", "great"), "words as the vocabulary has them");

        StringAssert.Contains(LoadFails(WithManifest(zip, manifest => manifest["input"]!["lowerCasesTokens"] = "yes")), "'lowerCasesTokens' is not true or false");
        StringAssert.Contains(LoadFails(WithManifest(Classifier.Value, manifest => manifest["input"]!["lowerCasesTokens"] = true)), "input.lowerCasesTokens is given for Text input");
    }

    private sealed class TokenReview
    {
        public string[] Tokens { get; set; } = [];

        public string Label { get; set; } = "";
    }

    [TestMethod]
    public void ANumericModelWithoutItsNormalizersIsRejected()
    {
        StringAssert.Contains(LoadFails(WithManifest(Forecaster.Value, manifest => manifest["targetNormalizer"] = null)), "NormalizeTargets is True but the target normalizer is missing");
        StringAssert.Contains(LoadFails(WithManifest(Forecaster.Value, manifest => manifest["targetNormalizer"]!["deviations"] = new JsonArray(0f))), "deviation 0");
        StringAssert.Contains(LoadFails(WithManifest(Classifier.Value, manifest => manifest["targetNormalizer"] = new JsonObject { ["means"] = new JsonArray(0f), ["deviations"] = new JsonArray(1f) })),
            "a target normalizer is given for the task Classification");
        StringAssert.Contains(LoadFails(WithManifest(Forecaster.Value, manifest => manifest["normalizer"] = null)), "NormalizeFeatures is True but the normalizer is missing");
        StringAssert.Contains(LoadFails(WithManifest(Forecaster.Value, manifest => manifest["normalizer"]!["means"] = new JsonArray(1, "x"))), "'means' holds something other than a number");
    }

    [TestMethod]
    public void ATinyForgedWeightsPartCannotMakeTheLoadAllocateWhatItDeclares()
    {
        // A tensor of 2^30 floats (4 GiB) declared in a part of a few hundred bytes.
        string header = "{\"rnn.weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[1073741824],\"data_offsets\":[0,4294967296]}}";
        var part = BitConverter.GetBytes((ulong)header.Length).Concat(Encoding.ASCII.GetBytes(header)).Concat(new byte[64]).ToArray();
        StringAssert.Contains(LoadFails(ModelZip.WithPart(Classifier.Value, ModelZip.Weights, part, rehash: true)), "part 'weights.safetensors'");

        // A header length of 100,000,000 in a part of 40 bytes.
        var length = BitConverter.GetBytes(100_000_000UL).Concat(new byte[32]).ToArray();
        StringAssert.Contains(LoadFails(ModelZip.WithPart(Classifier.Value, ModelZip.Weights, length, rehash: true)), "part 'weights.safetensors'");
    }

    [TestMethod]
    public void AMissingPartIsNamed()
    {
        var entries = ModelZip.Entries(Classifier.Value);
        entries.Remove(ModelZip.PartName(entries.Keys, ModelZip.Weights));

        StringAssert.Contains(LoadFails(ModelZip.Zip(entries)), "part 'weights.safetensors' is missing");
    }

    [TestMethod]
    public void WeightsMoveOutAndBackInUnderPyTorchNamesAllOrNothing()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1))).Transform(ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1)));
        var options = new RnnOptions { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 };
        var first = ml.Transforms.Rnn(options).Fit(data);
        var second = ml.Transforms.Rnn(options).Fit(data);
        string directory = Directory.CreateTempSubdirectory("mlnet-rnn-weights-").FullName;
        try
        {
            string weights = Path.Combine(directory, "weights.safetensors");
            CollectionAssert.AreNotEqual(ScoredValues.Of(first.Transform(data), "Score"), ScoredValues.Of(second.Transform(data), "Score"));

            first.ExportWeights(weights);
            second.ImportWeights(weights);

            CollectionAssert.AreEqual(ScoredValues.Of(first.Transform(data), "Score"), ScoredValues.Of(second.Transform(data), "Score"));
            var other = ml.Transforms.Rnn(options with { HiddenSize = 5 }).Fit(data);
            var before = ScoredValues.Of(other.Transform(data), "Score");
            StringAssert.Contains(Assert.Throws<InvalidDataException>(() => other.ImportWeights(weights)).Message, "rnn.weight_hh_l0");
            CollectionAssert.AreEqual(before, ScoredValues.Of(other.Transform(data), "Score"), "a failed import changes nothing");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void SavingAtomicallyReplacesTheFileWholeAndClearsEarlierTemporaries()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Sines(40));
        var model = ml.Forecasting.ForecastByRnn(epochs: 1).Fit(data);
        string directory = Directory.CreateTempSubdirectory("mlnet-rnn-atomic-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.zip");
            // What a save killed midway leaves behind.
            foreach (string name in new[] { $".model.zip.{Guid.NewGuid():N}.tmp", $".model.zip.{Guid.NewGuid():N}.tmp" })
                File.WriteAllBytes(Path.Combine(directory, name), new byte[1000]);
            File.WriteAllText(Path.Combine(directory, ".other.zip.1.tmp"), "not ours");

            ml.Model.SaveAtomically(model, data.Schema, path);

            CollectionAssert.AreEquivalent(new[] { "model.zip", ".other.zip.1.tmp" }, Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
            byte[] saved = File.ReadAllBytes(path);
            Assert.Throws<Exception>(() => ml.Model.SaveAtomically(new FailingTransformer(), data.Schema, path));
            CollectionAssert.AreEqual(saved, File.ReadAllBytes(path), "a failed save leaves the file as it was");
            CollectionAssert.AreEquivalent(new[] { "model.zip", ".other.zip.1.tmp" }, Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
            Assert.HasCount(40, ScoredValues.Of(ml.Model.Load(path, out _).Transform(data), "Score"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A transformer whose save fails midway.</summary>
    private sealed class FailingTransformer : ITransformer
    {
        public bool IsRowToRowMapper => true;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

        public IDataView Transform(IDataView input) => input;

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new IOException("the disk is full");
    }
}
