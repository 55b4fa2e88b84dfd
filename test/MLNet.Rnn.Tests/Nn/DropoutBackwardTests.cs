using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;
using static MLNet.Rnn.Tests.Nn.TestData;

namespace MLNet.Rnn.Tests.Nn;

/// <summary>
/// Backward through dropout between recurrent layers agrees with finite differences taken under the same mask. A module
/// draws its masks from a generator seeded with its own seed, so a fresh module of that seed draws the same first mask:
/// each evaluation of the loss runs one, with the values under test copied in.
/// </summary>
[TestClass]
public sealed class DropoutBackwardTests
{
    private const float Dropout = 0.4f;
    private const ulong Seed = 5;

    [TestMethod]
    [DataRow("lstm"), DataRow("gru"), DataRow("rnn_tanh")]
    public void GradientsThroughTheMaskMatchFiniteDifferences(string mode)
    {
        // Three layers, so two masks stand between the loss and the first layer; both directions, so a mask covers both halves.
        RecurrentModule Fresh() => Module(mode, input: 2, hidden: 3, layers: 3, bidirectional: true, dropout: Dropout, seed: Seed);
        var input = PackedSequence.Pack(Random(6, 4, 3, 2), [4, 2, 3]);
        var weights = Random(7, input.TotalRows * 6).Data;
        var module = Fresh();
        var output = module.Forward(input).Output.Data;
        CollectionAssert.AreEqual(output, Fresh().Forward(input).Output.Data, "a fresh module of the same seed draws the same mask");
        var evaluating = Fresh();
        evaluating.Training = false;
        CollectionAssert.AreNotEqual(evaluating.Forward(input).Output.Data, output, "the mask changes the output");

        var gradInput = module.Backward(input.WithData(weights, 6)).Input.Data;

        var values = (float[])module.Parameters.Values.Clone();
        var inputValues = (float[])input.Data.Clone();
        double Loss()
        {
            var fresh = Fresh();
            values.CopyTo(fresh.Parameters.Values, 0);
            return FiniteDifferences.Weighted(fresh.Forward(input.WithData(inputValues, 2)).Output.Data, weights);
        }
        FiniteDifferences.AssertMatches(values, module.Parameters.Gradients, Loss, stride: 5, tolerance: 2e-3, "parameter");
        FiniteDifferences.AssertMatches(inputValues, gradInput, Loss, stride: 1, tolerance: 2e-3, "input");
    }
}
