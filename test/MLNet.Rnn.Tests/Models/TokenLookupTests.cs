using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Tests.Models;

/// <summary>
/// A frozen serving copy of a small-vocabulary model looks each token's first-layer projection up in a table instead of
/// multiplying it: the logits must be the bits the model computes the ordinary way.
/// </summary>
[TestClass]
internal sealed class TokenLookupTests
{
    [TestMethod]
    [DataRow(RecurrentMode.Lstm, 1, true)]
    [DataRow(RecurrentMode.Gru, 2, false)]
    [DataRow(RecurrentMode.RnnTanh, 1, false)]
    [DataRow(RecurrentMode.Gru, 1, true)]
    public void LookedUpProjectionsGiveTheComputedLogitsBits(RecurrentMode mode, int layers, bool bidirectional)
    {
        var options = new SequenceModelOptions
        {
            Mode = mode, VocabularySize = 30, EmbeddingSize = 12, HiddenSize = 40, NumLayers = layers, Bidirectional = bidirectional,
            Head = HeadKind.PerStep, Outputs = 30,
        };
        var model = new SequenceModel(options, seed: 3) { Training = false };
        var copy = new SequenceModel(options, seed: 99) { Training = false };
        model.Parameters.Values.CopyTo(copy.Parameters.Values, 0);
        copy.Recurrent.WeightsFrozen = true;
        Assert.IsTrue(copy.Recurrent.LooksUpTokens(30));
        Assert.IsFalse(model.Recurrent.LooksUpTokens(30), "only frozen copies keep a table");

        var random = new Random(5);
        // Several batches through the same copy (the table is made once), one of them a single sequence (thin kernels).
        foreach (int[] lengths in new[] { new[] { 7, 3, 7, 1, 5 }, new[] { 11 }, new[] { 2, 9, 4 } })
        {
            var batch = SequenceBatch.FromTokens([.. lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(30)).ToArray())]);
            float[] expected = model.Infer(batch).ToArray();
            CollectionAssert.AreEqual(expected, copy.Infer(batch).ToArray(), $"lengths {string.Join(",", lengths)}");
        }
    }

    [TestMethod]
    public void AnIdOutsideTheVocabularyIsStillNamed()
    {
        var options = new SequenceModelOptions { Mode = RecurrentMode.Gru, VocabularySize = 10, EmbeddingSize = 4, HiddenSize = 8, Outputs = 2 };
        var copy = new SequenceModel(options, seed: 1) { Training = false };
        copy.Recurrent.WeightsFrozen = true;
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => copy.Infer(SequenceBatch.FromTokens([[1, 2, 10]])));
        StringAssert.Contains(error.Message, "Id 10 at position 2 is outside [0, 10)");
    }

    [TestMethod]
    public void LargeVocabulariesMultiplyInstead()
    {
        // 20,000 words x 4 gates x 256 would be an 80 MB table per direction.
        var options = new SequenceModelOptions { Mode = RecurrentMode.Lstm, VocabularySize = 20_000, EmbeddingSize = 8, HiddenSize = 256, Outputs = 2 };
        var copy = new SequenceModel(options, seed: 1) { Training = false };
        copy.Recurrent.WeightsFrozen = true;
        Assert.IsFalse(copy.Recurrent.LooksUpTokens(20_000));
    }
}
