using System.Text.Json.Nodes;
using MLNet.Rnn.Serialization;
using static MLNet.Rnn.Tests.Serialization.SerializationFiles;

namespace MLNet.Rnn.Tests.Serialization;

/// <summary>
/// PyTorch to us: state_dicts PyTorch saved (eng/make_safetensors_fixtures.py) load into our modules and give
/// PyTorch's outputs (float64 reference) within relative error 1e-5.
/// </summary>
[TestClass]
public sealed class PyTorchFixtureTests
{
    private const double Tolerance = 1e-5;

    [TestMethod]
    [DataRow("lstm-l2-bi"), DataRow("gru-l1-bi"), DataRow("rnn_relu-l2-uni")]
    public void PyTorchStateDictGivesPyTorchsOutputs(string name)
    {
        var fixture = JsonNode.Parse(File.ReadAllText(Fixture(name + ".json")))!;
        Assert.AreEqual(3, (int)fixture["input_size"]!);
        Assert.AreEqual(4, (int)fixture["hidden_size"]!);
        var module = Module((string)fixture["mode"]!, (int)fixture["num_layers"]!, (bool)fixture["bidirectional"]!, seed: 12345);
        module.Training = false;

        var file = SafeTensors.Read(File.ReadAllBytes(Fixture(name + ".safetensors")));
        Assert.AreEqual("pt", file.Metadata["format"]);
        ParameterTransfer.Import(module.Parameters, file.Tensors);

        var result = module.Forward(ToTensor(fixture["input"]!));
        Bound.AtMost(RelativeError(fixture["output"]!, result.Output), Tolerance, "relative error of output");
        Bound.AtMost(RelativeError(fixture["h_n"]!, result.HiddenState), Tolerance, "relative error of h_n");
        if (fixture["c_n"] is { } cellState)
            Bound.AtMost(RelativeError(cellState, result.CellState!), Tolerance, "relative error of c_n");
        else
            Assert.IsNull(result.CellState);
    }
}
