using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Serialization;
using static MLNet.Rnn.Tests.Serialization.SerializationFiles;

namespace MLNet.Rnn.Tests.Serialization;

/// <summary>
/// Us to PyTorch: a module of ours, saved with <see cref="SafeTensors.Write"/>, loads into the torch.nn module
/// with load_state_dict(strict=True) and gives our outputs (eng/check_safetensors_in_torch.py decides).
/// </summary>
[TestClass]
public sealed class PyTorchRoundTripTests
{
    [TestMethod]
    [DataRow("lstm", 2, true), DataRow("gru", 1, true), DataRow("rnn_relu", 2, false), DataRow("rnn_tanh", 1, false)]
    public void OurSafeTensorsLoadIntoPyTorchAndGiveOurOutputs(string mode, int layers, bool bidirectional)
    {
        var module = Module(mode, layers, bidirectional, seed: 77);
        module.Training = false;
        var input = new Tensor([.. Enumerable.Range(0, 5 * 2 * 3).Select(i => MathF.Sin(0.7f * i) * 1.5f)], 5, 2, 3);
        var result = module.Forward(input);
        var expected = new JsonObject
        {
            ["input"] = ToJson(input),
            ["output"] = ToJson(result.Output),
            ["h_n"] = ToJson(result.HiddenState),
            ["c_n"] = result.CellState is null ? null : ToJson(result.CellState),
        };

        string stem = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{mode}-{layers}-{bidirectional}-{Environment.ProcessId}");
        try
        {
            using (var file = File.Create(stem + ".safetensors"))
                SafeTensors.Write(file, ParameterTransfer.Export(module.Parameters));
            File.WriteAllText(stem + ".json", expected.ToJsonString());
            var (code, output) = TorchPython.RunEngScript("check_safetensors_in_torch.py", stem + ".safetensors", mode, "3", "4",
                layers.ToString(System.Globalization.CultureInfo.InvariantCulture), bidirectional ? "true" : "false", stem + ".json");
            Assert.AreEqual(0, code, $"check_safetensors_in_torch.py: {output}");
        }
        finally
        {
            File.Delete(stem + ".safetensors");
            File.Delete(stem + ".json");
        }
    }
}
