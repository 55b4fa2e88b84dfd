using System.IO.Compression;
using System.Text.Json.Nodes;

namespace MLNet.Rnn.Tests.Api;

/// <summary>Loading a model.zip whose manifest contradicts itself or its weights fails clearly, before anything is built.</summary>
[TestClass]
public sealed class ModelFileTests
{
    private static string SavedModel(RnnContext rnn)
    {
        var data = rnn.Data.LoadFromEnumerable(ApiTestData.Reviews(40, 1));
        var model = rnn.Transforms.TextClassification(new RnnOptions { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 }).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{Guid.NewGuid():N}.zip");
        rnn.Model.Save(model, path);
        return path;
    }

    /// <summary>Rewrites manifest.json inside the archive.</summary>
    private static void EditManifest(string path, Action<JsonObject> edit)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.json")!;
        JsonObject manifest;
        using (var reader = new StreamReader(entry.Open()))
            manifest = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        edit(manifest);
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
        writer.Write(manifest.ToJsonString());
    }

    [TestMethod]
    [DataRow("vocabulary", "tokens but the model expects")]
    [DataRow("classes", "outputs but the model has")]
    [DataRow("kind", "not a known ColumnKind")]
    [DataRow("hidden", "HiddenSize")]
    [DataRow("label", "no 'label'")]
    public void InconsistentManifestIsRejected(string damage, string message)
    {
        var rnn = new RnnContext(seed: 1);
        string path = SavedModel(rnn);
        try
        {
            EditManifest(path, manifest =>
            {
                switch (damage)
                {
                    case "vocabulary": manifest["input"]!["vocabulary"]!["Tokens"]!.AsArray().RemoveAt(5); break;
                    case "classes": manifest["label"]!["classes"]!.AsArray().Add("Maybe"); break;
                    case "kind": manifest["input"]!["kind"] = "Picture"; break;
                    case "hidden": manifest["model"]!["HiddenSize"] = -3; break;
                    default: manifest.Remove("label"); break;
                }
            });
            var e = Assert.ThrowsExactly<InvalidDataException>(() => rnn.Model.Load(path));
            StringAssert.Contains(e.Message, message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void WeightsOfAnotherShapeAreRejected()
    {
        var rnn = new RnnContext(seed: 2);
        string path = SavedModel(rnn);
        try
        {
            // The architecture now says 5 hidden units; the weights were saved for 4.
            EditManifest(path, manifest => manifest["model"]!["HiddenSize"] = 5);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => rnn.Model.Load(path));
            StringAssert.Contains(e.Message, "rnn.weight_hh_l0");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SavingOverAModelReplacesItAtomically()
    {
        var rnn = new RnnContext(seed: 3);
        string path = SavedModel(rnn);
        try
        {
            var first = rnn.Model.Load(path);
            var data = rnn.Data.LoadFromEnumerable(ApiTestData.Reviews(40, 2));
            var second = rnn.Transforms.TextClassification(new RnnOptions { HiddenSize = 6, EmbeddingSize = 4, Epochs = 1 }).Fit(data);
            rnn.Model.Save(second, path);
            Assert.AreEqual(6, rnn.Model.Load(path).Model.Options.HiddenSize);
            Assert.AreEqual(4, first.Model.Options.HiddenSize);
            Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*"), "no temporary file is left behind");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
