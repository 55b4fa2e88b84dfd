using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Tests.Nn;

namespace MLNet.Rnn.Tests.Models;

/// <summary>
/// Backward through the head's dropout agrees with finite differences taken under the same mask, for every head. The
/// model seeds its mask generator from its own seed, so a fresh model of that seed draws the same first mask: each
/// evaluation of the loss runs one, with the weights under test copied in.
/// </summary>
[TestClass]
internal sealed class HeadDropoutBackwardTests
{
    private const ulong Seed = 3;

    [TestMethod]
    [DataRow(HeadKind.LastHidden), DataRow(HeadKind.Mean), DataRow(HeadKind.Max), DataRow(HeadKind.PerStep)]
    public void GradientsThroughTheMaskMatchFiniteDifferences(HeadKind head)
    {
        var options = new SequenceModelOptions
        {
            Mode = RecurrentMode.Gru, VocabularySize = 7, EmbeddingSize = 3, HiddenSize = 4, Bidirectional = true, Head = head, Outputs = 3, HeadDropout = 0.5f,
        };
        SequenceModel Fresh() => new(options, Seed);
        var batch = SequenceBatch.FromTokens([[1, 4, 2, 6], [3, 5], [6, 1, 1]]);
        var model = Fresh();
        var logits = model.Forward(batch).Logits;
        CollectionAssert.AreEqual(logits, Fresh().Forward(batch).Logits, "a fresh model of the same seed draws the same mask");
        var evaluating = Fresh();
        evaluating.Training = false;
        CollectionAssert.AreNotEqual(evaluating.Forward(batch).Logits, logits, "the mask changes the logits");

        var weights = TestData.Random(9, logits.Length).Data;
        model.Backward(weights);

        var values = (float[])model.Parameters.Values.Clone();
        double Loss()
        {
            var fresh = Fresh();
            values.CopyTo(fresh.Parameters.Values, 0);
            return FiniteDifferences.Weighted(fresh.Forward(batch).Logits, weights);
        }
        FiniteDifferences.AssertMatches(values, model.Parameters.Gradients, Loss, stride: 3, tolerance: 2e-3, $"{head} parameter");
    }
}
