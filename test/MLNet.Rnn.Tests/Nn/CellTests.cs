using MLNet.Rnn.Nn;
using static MLNet.Rnn.Tests.Nn.TestData;

namespace MLNet.Rnn.Tests.Nn;

[TestClass]
public sealed class CellTests
{
    private static RecurrentCellBase Cell(string mode, int input, int hidden) => mode switch
    {
        "lstm" => new LstmCell(input, hidden, seed: 2),
        "gru" => new GruCell(input, hidden, seed: 2),
        _ => new RnnCell(input, hidden, nonlinearity: mode == "rnn_relu" ? "relu" : "tanh", seed: 2),
    };

    [TestMethod]
    public void CellParametersHavePyTorchNames()
    {
        CollectionAssert.AreEqual(
            new[] { "weight_ih(12, 3)", "weight_hh(12, 4)", "bias_ih(12)", "bias_hh(12)" },
            new GruCell(3, 4).Parameters.Parameters.Select(p => p.ToString()).ToArray());
    }

    [TestMethod]
    [DataRow("lstm"), DataRow("gru"), DataRow("rnn_tanh"), DataRow("rnn_relu")]
    public void StepByStepCellEqualsTheModuleForwardAndBackward(string mode)
    {
        const int steps = 4, batch = 2, inputSize = 3, hidden = 5;
        var cell = Cell(mode, inputSize, hidden);
        var module = Module(mode, inputSize, hidden, seed: 7);
        // Same weights: the module's weight_ih_l0 is the cell's weight_ih.
        foreach (var p in cell.Parameters.Parameters)
            p.Value.CopyTo(module.Parameters[p.Name + "_l0"].Value);

        var input = Random(1, steps, batch, inputSize);
        var h0 = Random(2, 1, batch, hidden);
        var c0 = mode == "lstm" ? Random(3, 1, batch, hidden) : null;
        var gradOutput = Random(4, steps, batch, hidden);
        var (output, _, _) = module.Forward(input, h0, c0);
        var (dInput, dh0, dc0) = module.Backward(gradOutput);

        var stepsTaken = new List<CellStep>();
        Tensor h = new(h0.Data, batch, hidden);
        Tensor? c = c0 is null ? null : new Tensor(c0.Data, batch, hidden);
        for (int t = 0; t < steps; t++)
        {
            var x = new Tensor(input.Data.AsSpan(t * batch * inputSize, batch * inputSize).ToArray(), batch, inputSize);
            var step = cell.Forward(x, h, c);
            AssertClose(output.Data.AsSpan(t * batch * hidden, batch * hidden), step.Hidden.Data, 1e-5f, $"output step {t}");
            stepsTaken.Add(step);
            (h, c) = (step.Hidden, step.Cell);
        }

        Tensor dh = Tensor.Zeros(batch, hidden);
        Tensor? dc = c0 is null ? null : Tensor.Zeros(batch, hidden);
        for (int t = steps - 1; t >= 0; t--)
        {
            var g = gradOutput.Data.AsSpan(t * batch * hidden, batch * hidden).ToArray();
            for (int i = 0; i < g.Length; i++)
                g[i] += dh.Data[i];
            var grads = stepsTaken[t].Backward(new Tensor(g, batch, hidden), dc);
            AssertClose(dInput.Data.AsSpan(t * batch * inputSize, batch * inputSize), grads.Input.Data, 1e-5f, $"input gradient step {t}");
            (dh, dc) = (grads.Hidden, grads.Cell);
        }
        AssertClose(dh0.Data, dh.Data, 1e-5f, "h0 gradient");
        if (dc0 is not null)
            AssertClose(dc0.Data, dc!.Data, 1e-5f, "c0 gradient");
        foreach (var p in cell.Parameters.Parameters)
            AssertClose(module.Parameters[p.Name + "_l0"].Gradient, p.Gradient, 1e-4f, p.Name);
    }

    [TestMethod]
    public void CellInputsAreValidated()
    {
        var cell = new LstmCell(3, 4);
        Assert.AreEqual("input", Assert.ThrowsExactly<ArgumentException>(() => cell.Forward(Tensor.Zeros(2, 5))).ParamName);
        Assert.AreEqual("hidden", Assert.ThrowsExactly<ArgumentException>(() => cell.Forward(Tensor.Zeros(2, 3), Tensor.Zeros(3, 4))).ParamName);
        Assert.AreEqual("cell", Assert.ThrowsExactly<ArgumentException>(() => new GruCell(3, 4).Forward(Tensor.Zeros(2, 3), null, Tensor.Zeros(2, 4))).ParamName);
    }
}
