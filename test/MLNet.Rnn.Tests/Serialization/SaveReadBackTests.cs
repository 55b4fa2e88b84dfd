using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNet.Rnn.Serialization;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Serialization;

/// <summary>A model that saves must load: Save reads back what it would write and refuses, naming the member, when it differs or would not load.</summary>
[TestClass]
public sealed class SaveReadBackTests
{
    [TestMethod]
    public void AManifestThatWouldReadBackAsOtherTextIsRefusedNamingTheItem()
    {
        var manifest = new JsonObject { ["input"] = new JsonObject { ["vocabulary"] = new JsonObject { ["tokens"] = new JsonArray("<pad>", "<unk>", "ok", "\uD800") } } };

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ModelPackage.EncodeManifest(manifest));

        StringAssert.Contains(error.Message, "The model was not saved");
        StringAssert.Contains(error.Message, "'input.vocabulary.tokens[3]'");
    }

    [TestMethod]
    public void AManifestThatReadsBackAsItIsEncodes()
    {
        var manifest = new JsonObject { ["task"] = "Classification", ["numbers"] = new JsonArray(0.1f, 1e-30f, float.Epsilon, -3.4028235e38f), ["text"] = "\uD83D\uDE00 \0 e\u0301" };

        var bytes = ModelPackage.EncodeManifest(manifest);

        Assert.IsNull(JsonDifference.Find(manifest["numbers"], JsonNode.Parse(bytes)!["numbers"]));
    }

    [TestMethod]
    public void AModelWhoseManifestWouldNotLoadIsNotSaved()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.ScoredReviews(20, 1));
        var model = ml.Regression.Trainers.Rnn(inputColumnName: "Text", epochs: 1).Fit(data);
        var manifest = ModelManifest.Create(model);
        ModelManifest.CheckLoads(manifest);

        manifest["input"]!["vocabulary"] = null;

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ModelManifest.CheckLoads(manifest));
        StringAssert.Contains(error.Message, "The model was not saved: it would not load");
        StringAssert.Contains(error.Message, "input.vocabulary is missing for Text input");
    }
}
