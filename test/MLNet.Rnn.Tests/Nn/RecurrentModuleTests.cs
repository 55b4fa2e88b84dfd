using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;
using static MLNet.Rnn.Tests.Nn.TestData;

namespace MLNet.Rnn.Tests.Nn;

[TestClass]
public sealed class RecurrentModuleTests
{
    [TestMethod]
    public void LstmParametersHavePyTorchNamesShapesAndOrder()
    {
        var lstm = new Lstm(inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true);
        string[] expected =
        [
            "weight_ih_l0(16, 3)", "weight_hh_l0(16, 4)", "bias_ih_l0(16)", "bias_hh_l0(16)",
            "weight_ih_l0_reverse(16, 3)", "weight_hh_l0_reverse(16, 4)", "bias_ih_l0_reverse(16)", "bias_hh_l0_reverse(16)",
            "weight_ih_l1(16, 8)", "weight_hh_l1(16, 4)", "bias_ih_l1(16)", "bias_hh_l1(16)",
            "weight_ih_l1_reverse(16, 8)", "weight_hh_l1_reverse(16, 4)", "bias_ih_l1_reverse(16)", "bias_hh_l1_reverse(16)",
        ];
        CollectionAssert.AreEqual(expected, lstm.Parameters.Parameters.Select(p => p.ToString()).ToArray());
        Assert.AreEqual(expected.Sum(e => e.Contains("weight_ih_l1") ? 16 * 8 : e.Contains("weight_ih") ? 16 * 3 : e.Contains("weight") ? 64 : 16), lstm.Parameters.Count);
    }

    [TestMethod]
    public void GruAndRnnGateBlocksAndNoBias()
    {
        var gru = new Gru(5, 6, prefix: "rnn.");
        Assert.AreEqual("rnn.weight_ih_l0(18, 5)", gru.Parameters["rnn.weight_ih_l0"].ToString());
        var rnn = new MLNet.Rnn.Nn.Rnn(5, 6, bias: false);
        CollectionAssert.AreEqual(new[] { "weight_ih_l0", "weight_hh_l0" }, rnn.Parameters.Parameters.Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void InitialisationIsUniformWithinOneOverSqrtHidden()
    {
        var gru = new Gru(8, 16, numLayers: 2, seed: 3);
        float bound = 1f / MathF.Sqrt(16);
        var values = gru.Parameters.Values;
        Assert.IsTrue(values.All(v => v >= -bound && v < bound));
        Bound.Below(values.Min(), -0.95f * bound, "smallest weight");
        Bound.Above(values.Max(), 0.95f * bound, "largest weight");
        Assert.AreEqual(0, values.Average(v => (double)v), 0.01);
    }

    [TestMethod]
    public void SeedFixesTheWeights()
    {
        CollectionAssert.AreEqual(new Lstm(3, 4, seed: 9).Parameters.Values, new Lstm(3, 4, seed: 9).Parameters.Values);
        CollectionAssert.AreNotEqual(new Lstm(3, 4, seed: 9).Parameters.Values, new Lstm(3, 4, seed: 10).Parameters.Values);
    }

    [TestMethod]
    [DataRow("lstm"), DataRow("gru"), DataRow("rnn_tanh")]
    public void OutputAndStateShapes(string mode)
    {
        var module = Module(mode, input: 3, hidden: 4, layers: 2, bidirectional: true, batchFirst: true);
        var (output, hN, cN) = module.Forward(Random(1, 5, 7, 3));
        CollectionAssert.AreEqual(new[] { 5, 7, 8 }, output.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 4, 5, 4 }, hN.Shape.ToArray());
        Assert.AreEqual(mode == "lstm", cN is not null);
    }

    [TestMethod]
    [DataRow("lstm"), DataRow("gru"), DataRow("rnn_relu")]
    public void EachPackedSequenceMatchesRunningItAlone(string mode)
    {
        // Packing must make each sequence independent of its batch-mates and of padding, in both directions.
        var module = Module(mode, input: 3, hidden: 5, layers: 2, bidirectional: true, seed: 4);
        var input = Random(2, 6, 3, 3);
        int[] lengths = [4, 6, 1];
        var (packedOut, hN, _) = module.Forward(PackedSequence.Pack(input, lengths));
        var padded = packedOut.Pad();

        for (int b = 0; b < 3; b++)
        {
            var alone = Tensor.Zeros(lengths[b], 1, 3);
            for (int t = 0; t < lengths[b]; t++)
                for (int f = 0; f < 3; f++)
                    alone[t, 0, f] = input[t, b, f];
            var (aloneOut, aloneH, _) = module.Forward(alone);
            for (int t = 0; t < 6; t++)
                for (int f = 0; f < 10; f++)
                    Bound.Near(padded[t, b, f], t < lengths[b] ? aloneOut[t, 0, f] : 0f, 1e-5, $"sequence {b} step {t} feature {f}");
            for (int s = 0; s < 4; s++)
                for (int f = 0; f < 5; f++)
                    Bound.Near(hN[s, b, f], aloneH[s, 0, f], 1e-5, $"h_n[{s}] of sequence {b}");
        }
    }

    [TestMethod]
    public void PaddedForwardEqualsPackedWithFullLengths()
    {
        var module = Module("lstm", 3, 4, layers: 2);
        var input = Random(5, 4, 2, 3);
        var padded = module.Forward(input);
        var packed = module.Forward(PackedSequence.Pack(input, [4, 4]));
        CollectionAssert.AreEqual(padded.Output.Data, packed.Output.Pad().Data);
        CollectionAssert.AreEqual(padded.HiddenState.Data, packed.HiddenState.Data);
    }

    [TestMethod]
    public void BidirectionalResultsAreBitIdenticalAcrossRuns()
    {
        float[] Run()
        {
            var module = Module("gru", 3, 6, layers: 2, bidirectional: true, seed: 11);
            var input = PackedSequence.Pack(Random(3, 5, 4, 3), [5, 2, 4, 3]);
            var result = module.Forward(input);
            module.Backward(result.Output, result.HiddenState);
            return [.. result.Output.Data, .. module.Parameters.Gradients];
        }
        CollectionAssert.AreEqual(Run(), Run());
    }

    [TestMethod]
    public void GradientsAccumulateUntilZeroed()
    {
        var module = Module("lstm", 2, 3);
        var input = Random(1, 3, 2, 2);
        var grad = Random(2, 3, 2, 3);
        module.Forward(input);
        module.Backward(grad);
        var once = (float[])module.Parameters.Gradients.Clone();
        module.Backward(grad);
        TestData.AssertClose(once.Select(g => 2 * g).ToArray(), module.Parameters.Gradients, 1e-6f, "twice");
        module.Parameters.ZeroGradients();
        Assert.IsTrue(module.Parameters.Gradients.All(g => g == 0));
    }

    [TestMethod]
    public void BackwardMatchesFiniteDifferences()
    {
        // An independent check of the backward pass beside the PyTorch fixtures: d(sum(output * g))/d w.
        var module = Module("gru", 2, 3, layers: 2, bidirectional: true, seed: 5);
        var packed = PackedSequence.Pack(Random(6, 4, 3, 2), [4, 2, 3]);
        var g = Random(7, packed.TotalRows * 6);
        double Loss()
        {
            var output = module.Forward(packed).Output.Data;
            double sum = 0;
            for (int i = 0; i < output.Length; i++)
                sum += (double)output[i] * g.Data[i];
            return sum;
        }
        Loss();
        module.Backward(packed.WithData(g.Data, 6));
        var analytic = (float[])module.Parameters.Gradients.Clone();
        var values = module.Parameters.Values;
        const float eps = 1e-2f;
        for (int i = 0; i < values.Length; i += 7)
        {
            float saved = values[i];
            values[i] = saved + eps;
            double plus = Loss();
            values[i] = saved - eps;
            double minus = Loss();
            values[i] = saved;
            Bound.Near(analytic[i], (plus - minus) / (2 * eps), 2e-3, $"gradient of parameter element {i}");
        }
    }

    [TestMethod]
    public void DropoutActsOnlyInTrainingAndBetweenLayers()
    {
        var input = Random(1, 5, 3, 4);
        var plain = Module("lstm", 4, 6, layers: 2, seed: 8).Forward(input).Output.Data;
        var withDropout = Module("lstm", 4, 6, layers: 2, dropout: 0.5f, seed: 8);
        CollectionAssert.AreNotEqual(plain, withDropout.Forward(input).Output.Data);
        withDropout.Training = false;
        CollectionAssert.AreEqual(plain, withDropout.Forward(input).Output.Data);

        var single = Module("lstm", 4, 6, layers: 1, dropout: 0.5f, seed: 8);
        CollectionAssert.AreEqual(Module("lstm", 4, 6, layers: 1, seed: 8).Forward(input).Output.Data, single.Forward(input).Output.Data);
    }

    [TestMethod]
    public void WrongInputSizeNamesTheExpectedShape()
    {
        var module = Module("lstm", 3, 4, batchFirst: true);
        var e = Assert.ThrowsExactly<ArgumentException>(() => module.Forward(Tensor.Zeros(2, 5, 4)));
        Assert.AreEqual("input", e.ParamName);
        StringAssert.Contains(e.Message, "(B, T, 3)");
        StringAssert.Contains(e.Message, "(2, 5, 4)");
    }

    [TestMethod]
    public void WrongInitialStateShapeIsRejected()
    {
        var module = Module("lstm", 3, 4, layers: 2);
        var e = Assert.ThrowsExactly<ArgumentException>(() => module.Forward(Tensor.Zeros(5, 2, 3), Tensor.Zeros(1, 2, 4)));
        Assert.AreEqual("h0", e.ParamName);
        StringAssert.Contains(e.Message, "(2, 2, 4)");
        Assert.ThrowsExactly<ArgumentException>(() => module.Forward(Tensor.Zeros(5, 2, 3), null, Tensor.Zeros(2, 3, 4)));
    }

    [TestMethod]
    public void CellStateIsOnlyForLstm()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Module("gru", 3, 4).Forward(Tensor.Zeros(5, 2, 3), null, Tensor.Zeros(1, 2, 4)));
        Assert.AreEqual("c0", e.ParamName);
    }

    [TestMethod]
    public void BackwardNeedsAMatchingForward()
    {
        var module = Module("gru", 3, 4);
        Assert.ThrowsExactly<InvalidOperationException>(() => module.Backward((Tensor?)null));
        module.Forward(PackedSequence.Pack(Tensor.Zeros(5, 2, 3), [5, 3]));
        Assert.ThrowsExactly<InvalidOperationException>(() => module.Backward(Tensor.Zeros(5, 2, 4)));
        Assert.ThrowsExactly<ArgumentException>(() => module.Backward(PackedSequence.Pack(Tensor.Zeros(5, 2, 4), [5, 5])));
    }

    [TestMethod]
    public void GradientOutputShapeIsChecked()
    {
        var module = Module("rnn_tanh", 3, 4);
        module.Forward(Tensor.Zeros(5, 2, 3));
        var e = Assert.ThrowsExactly<ArgumentException>(() => module.Backward(Tensor.Zeros(5, 2, 3)));
        Assert.AreEqual("gradOutput", e.ParamName);
    }

    [TestMethod]
    public void ConstructorArgumentsAreValidated()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Lstm(0, 4));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Lstm(3, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Lstm(3, 4, numLayers: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Lstm(3, 4, dropout: 1f));
        Assert.ThrowsExactly<ArgumentException>(() => new MLNet.Rnn.Nn.Rnn(3, 4, nonlinearity: "sigmoid"));
    }
}
