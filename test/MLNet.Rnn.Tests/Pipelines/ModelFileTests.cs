using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>What a model keeps in ML.NET's model.zip, and that a damaged or inconsistent one fails to load, clearly.</summary>
[TestClass]
public sealed class ModelFileTests
{
    private string _directory = "";

    [TestInitialize]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("mlnet-rnn-model-").FullName;

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string Saved(MLContext ml, out IDataView data)
    {
        data = ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1));
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Rnn(new RnnOptions { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 })).Fit(data);
        string path = Path.Combine(_directory, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        return path;
    }

    private static string PartOf(ZipArchive zip, string part) => zip.Entries.Single(e => e.FullName.EndsWith("/" + part, StringComparison.Ordinal)).FullName;

    /// <summary>Rewrites manifest.json inside the model.zip.</summary>
    private static void EditManifest(string path, Action<JsonObject> edit)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry(PartOf(zip, "manifest.json"))!;
        JsonObject manifest;
        using (var reader = new StreamReader(entry.Open()))
            manifest = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        edit(manifest);
        string name = entry.FullName;
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(manifest.ToJsonString());
    }

    private static string LoadFails(string path)
    {
        var error = Assert.Throws<Exception>(() => new MLContext().Model.Load(path, out _));
        // ML.NET may wrap what the loader throws; the loader's own error is in the chain.
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is InvalidDataException)
                return e.Message;
        }
        Assert.Fail($"expected an InvalidDataException in the chain, got {error}");
        return "";
    }

    [TestMethod]
    public void TheModelKeepsItsManifestAndPyTorchNamedWeightsInTheTransformersFolder()
    {
        string path = Saved(new MLContext(seed: 1), out _);

        using var zip = ZipFile.OpenRead(path);
        string manifest = PartOf(zip, "manifest.json"), weights = PartOf(zip, "weights.safetensors");
        Assert.AreEqual(Path.GetDirectoryName(manifest), Path.GetDirectoryName(weights));
        using var reader = new StreamReader(zip.GetEntry(manifest)!.Open());
        var json = JsonNode.Parse(reader.ReadToEnd())!;
        Assert.AreEqual("mlnet-rnn-model", (string)json["format"]!);
        Assert.AreEqual("Classification", (string)json["task"]!);
        Assert.AreEqual("ClassKey", (string)json["label"]!["kind"]!);
        CollectionAssert.AreEquivalent(new[] { "pos", "neg", "meh" }, json["label"]!["keyValues"]!["values"]!.AsArray().Select(v => (string)v!).ToArray());
    }

    [TestMethod]
    [DataRow("vocabulary", "tokens but the model expects")]
    [DataRow("classes", "label.keyValues has a value count other than label.classCount")]
    [DataRow("kind", "not a known InputKind")]
    [DataRow("numeric kind", "not a known LabelKind")]
    [DataRow("task", "do not fit the task Regression")]
    [DataRow("hidden", "HiddenSize")]
    [DataRow("label", "no 'label'")]
    public void AnInconsistentManifestIsRejectedNamingWhatIsWrong(string damage, string message)
    {
        string path = Saved(new MLContext(seed: 1), out _);
        EditManifest(path, manifest =>
        {
            switch (damage)
            {
                case "vocabulary": manifest["input"]!["vocabulary"]!["Tokens"]!.AsArray().RemoveAt(5); break;
                case "classes": manifest["label"]!["keyValues"]!["values"]!.AsArray().Add("maybe"); break;
                case "kind": manifest["input"]!["kind"] = "Picture"; break;
                case "numeric kind": manifest["label"]!["kind"] = "99"; break;
                case "task": manifest["options"]!["Task"] = "Regression"; break;
                case "hidden": manifest["model"]!["HiddenSize"] = -3; break;
                default: manifest.Remove("label"); break;
            }
        });

        string error = LoadFails(path);

        StringAssert.Contains(error, message);
        StringAssert.Contains(error, "The MLNet.Rnn model in '");
    }

    [TestMethod]
    public void AMissingPartIsNamed()
    {
        string path = Saved(new MLContext(seed: 1), out _);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
            zip.GetEntry(PartOf(zip, "weights.safetensors"))!.Delete();

        StringAssert.Contains(LoadFails(path), "part 'weights.safetensors' is missing");
    }

    [TestMethod]
    public void WeightsMoveOutAndBackInUnderPyTorchNamesAllOrNothing()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1))).Transform(ml.Data.LoadFromEnumerable(TestRows.Reviews(40, 1)));
        var options = new RnnOptions { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 };
        var first = ml.Transforms.Rnn(options).Fit(data);
        var second = ml.Transforms.Rnn(options).Fit(data);
        string weights = Path.Combine(_directory, "weights.safetensors");
        CollectionAssert.AreNotEqual(ScoredValues.Of(first.Transform(data), "Score"), ScoredValues.Of(second.Transform(data), "Score"));

        first.ExportWeights(weights);
        second.ImportWeights(weights);

        CollectionAssert.AreEqual(ScoredValues.Of(first.Transform(data), "Score"), ScoredValues.Of(second.Transform(data), "Score"));
        var other = ml.Transforms.Rnn(options with { HiddenSize = 5 }).Fit(data);
        var before = ScoredValues.Of(other.Transform(data), "Score");
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => other.ImportWeights(weights)).Message, "rnn.weight_hh_l0");
        CollectionAssert.AreEqual(before, ScoredValues.Of(other.Transform(data), "Score"), "a failed import changes nothing");
    }
}
