using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;
using static MLNet.Rnn.Tests.Nn.TestData;

namespace MLNet.Rnn.Tests.Nn;

/// <summary>
/// A layer whose steps two threads share (the hidden units of one sequence, or ranges of many sequences) computes what
/// one thread computes, step by step through the cell: the same bits when the shares are whole vectors.
/// </summary>
[TestClass]
public sealed class SharedLayerTests
{
    [TestMethod]
    [DataRow("lstm", 256, 0f)]
    [DataRow("gru", 256, 0f)]
    [DataRow("rnn_tanh", 256, 0f)]
    [DataRow("gru", 264, 1e-6f)]
    public void OneLongSequenceWithItsUnitsSharedMatchesTheCellStepByStep(string mode, int hidden, float tolerance)
    {
        // One sequence and H = 256: each step's GEMM (at least 64K multiply-adds) is worth sharing. H = 264 gives
        // shares of 128 and 136 units, not whole 16-float vectors.
        const int input = 6, steps = 9;
        var module = Module(mode, input, hidden, seed: 4);
        module.Training = false;
        var x = Random(5, steps, 1, input);

        var output = module.Forward(x).Output;

        var (expected, _, _) = StepByStep(module, mode, x, batch: 1);
        AssertClose(expected, output.Data, tolerance, $"{mode} H={hidden}");
    }

    [TestMethod]
    public void LayersWantingTheTeamAtOnceEachFinishWithTheSameBits()
    {
        // While one layer holds the thread team, another runs on its own thread alone, never waiting for a share
        // that cannot start.
        var module = Module("gru", 6, 256, seed: 4);
        module.Training = false;
        var x = Random(5, 9, 1, 6);
        var expected = module.Forward(x).Output.Data.ToArray();
        var copies = Enumerable.Range(0, 4).Select(_ =>
        {
            var copy = Module("gru", 6, 256, seed: 4);
            copy.Training = false;
            return copy;
        }).ToArray();

        var runs = copies.Select(copy => Task.Run(() => Enumerable.Range(0, 50).Select(_ => copy.Forward(x).Output.Data.ToArray()).ToList())).ToArray();

        Assert.IsTrue(Task.WaitAll(runs, TimeSpan.FromSeconds(60)), "a layer waited for ever");
        foreach (var outputs in runs.Select(r => r.Result))
            foreach (var output in outputs)
                CollectionAssert.AreEqual(expected, output);
    }

    [TestMethod]
    [DataRow("lstm")]
    [DataRow("gru")]
    public void ManySequencesSplitInRangesMatchTheCellStepByStepForwardAndBackward(string mode)
    {
        // 64 sequences of 40 steps with H = 128: enough work to split the sequences between two threads.
        const int input = 5, hidden = 128, steps = 40, batch = 64;
        var module = Module(mode, input, hidden, seed: 6);
        var x = Random(7, steps, batch, input);
        var gradient = Random(8, steps, batch, hidden);

        var output = module.Forward(x).Output;
        var dInput = module.Backward(gradient).Input;

        var (expected, cell, cellSteps) = StepByStep(module, mode, x, batch);
        AssertClose(expected, output.Data, 0f, $"{mode} output");
        var expectedInput = BackwardStepByStep(cellSteps, gradient, batch, hidden);
        AssertClose(expectedInput, dInput.Data, 1e-4f, $"{mode} input gradient");
        // The module sums each weight gradient over all rows in one GEMM, the cells step by step: the same sums, in another order.
        foreach (var name in new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" })
            AssertClose(cell.Parameters[name].Gradient, module.Parameters[name + "_l0"].Gradient, 1e-3f, $"{mode} {name} gradient");
    }

    private static float[] BackwardStepByStep(List<CellStep> steps, Tensor gradient, int batch, int hidden)
    {
        var dInput = new List<float[]>();
        Tensor? dh = null, dc = null;
        for (int t = steps.Count - 1; t >= 0; t--)
        {
            var g = gradient.Data.AsSpan(t * batch * hidden, batch * hidden).ToArray();
            if (dh is not null)
                System.Numerics.Tensors.TensorPrimitives.Add(g, dh.Data, g);
            var grads = steps[t].Backward(new Tensor(g, batch, hidden), dc);
            (dh, dc) = (grads.Hidden, grads.Cell);
            dInput.Insert(0, grads.Input.Data);
        }
        return [.. dInput.SelectMany(d => d)];
    }

    /// <summary>The module's single layer run one step at a time through the cell with the same weights.</summary>
    private static (float[] Output, RecurrentCellBase Cell, List<CellStep> Steps) StepByStep(RecurrentModule module, string mode, Tensor x, int batch)
    {
        int steps = x.Size(0), input = x.Size(2), hidden = module.HiddenSize;
        RecurrentCellBase cell = mode switch
        {
            "lstm" => new LstmCell(input, hidden),
            "gru" => new GruCell(input, hidden),
            _ => new RnnCell(input, hidden),
        };
        foreach (var name in new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" })
            module.Parameters[name + "_l0"].Value.CopyTo(cell.Parameters[name].Value);

        var output = new float[steps * batch * hidden];
        var cellSteps = new List<CellStep>();
        Tensor? h = null, c = null;
        for (int t = 0; t < steps; t++)
        {
            var step = cell.Forward(new Tensor(x.Data.AsSpan(t * batch * input, batch * input).ToArray(), batch, input), h, c);
            cellSteps.Add(step);
            (h, c) = (step.Hidden, step.Cell);
            h.Data.CopyTo(output, t * batch * hidden);
        }
        return (output, cell, cellSteps);
    }
}
