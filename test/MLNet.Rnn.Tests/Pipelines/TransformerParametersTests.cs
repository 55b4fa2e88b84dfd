using Microsoft.ML;
using MLNet.Rnn.Serialization;

namespace MLNet.Rnn.Tests.Pipelines;

[TestClass]
public sealed class TransformerParametersTests
{
    [TestMethod]
    public void ParametersAreTheExportedWeightsReadOnlyAndFollowAnImport()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.ScoredReviews(30, 1));
        var model = ml.Regression.Trainers.Rnn(inputColumnName: "Text", epochs: 1).Fit(data);
        string file = Path.Combine(Directory.CreateTempSubdirectory("mlnet-rnn-parameters-").FullName, "weights.safetensors");
        model.ExportWeights(file);
        IReadOnlyDictionary<string, NamedTensor> exported;
        using (var stream = File.OpenRead(file))
            exported = SafeTensors.Read(stream).Tensors;

        CollectionAssert.AreEquivalent(exported.Keys.ToArray(), model.Parameters.Select(p => p.Name).ToArray(), "PyTorch's names");
        CollectionAssert.AreEqual(model.Model.Parameters.Parameters.Select(p => p.Name).ToArray(), model.Parameters.Select(p => p.Name).ToArray(), "in named_parameters() order");
        foreach (var parameter in model.Parameters)
        {
            CollectionAssert.AreEqual(exported[parameter.Name].Shape.ToArray(), parameter.Shape.ToArray(), parameter.Name);
            CollectionAssert.AreEqual(exported[parameter.Name].Data, parameter.Values.ToArray(), parameter.Name);
        }
        Assert.IsNull(typeof(RnnTransformer).GetProperty("Model"), "no public way to write the weights behind the serving copies' back");

        var other = ml.Regression.Trainers.Rnn(inputColumnName: "Text", epochs: 2).Fit(data);
        other.ExportWeights(file);
        model.ImportWeights(file);
        CollectionAssert.AreEqual(other.Parameters[^1].Values.ToArray(), model.Parameters[^1].Values.ToArray(), "the view shows the imported weights");
    }
}
