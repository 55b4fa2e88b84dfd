using Microsoft.ML;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Training;

/// <summary>Word dropout: the unknown token's embedding is trained, reproducibly, and a rate of 0 changes nothing.</summary>
[TestClass]
public sealed class WordDropoutTests
{
    // ContainsFive uses ids 1..5, so row 0 stands for the unknown token here, as the missing key does for token keys.
    private const int Unknown = 0;

    /// <summary>A small classifier trained on ContainsFive with <paramref name="options"/>.</summary>
    private static SequenceModel Trained(TrainerOptions options, Action<SequenceModel>? beforeTraining = null)
    {
        var model = new SequenceModel(new SequenceModelOptions { VocabularySize = 6, EmbeddingSize = 8, HiddenSize = 16, Head = HeadKind.LastHidden, Outputs = 2 }, 9);
        beforeTraining?.Invoke(model);
        new SequenceTrainer(model, options with { Epochs = 2, BatchSize = 8 }).Fit(ToyData.ContainsFive(100, 11));
        return model;
    }

    private static float[] Train(float rate, ulong seed = 10) =>
        Trained(new TrainerOptions { Seed = seed, WordDropout = rate, UnknownTokenId = Unknown }).Parameters.Values;

    /// <summary>How much each value of the unknown token's embedding row moved in training.</summary>
    private static float[] UnknownRowChange(float rate)
    {
        float[] before = [];
        var model = Trained(new TrainerOptions { Seed = 10, WordDropout = rate, UnknownTokenId = Unknown }, m => before = m.Embedding!.Weight.Value[..8].ToArray());
        return [.. before.Zip(model.Embedding!.Weight.Value[..8].ToArray(), (b, a) => a - b)];
    }

    [TestMethod]
    public void RateZeroTrainsExactlyAsWithoutIt() =>
        CollectionAssert.AreEqual(Trained(new TrainerOptions { Seed = 10 }).Parameters.Values, Train(0), "a rate of 0 draws nothing, so the batches and the weights are unchanged");

    [TestMethod]
    public void TheUnknownRowLearnsOnlyWithDropout()
    {
        Assert.IsTrue(UnknownRowChange(0).All(d => d == 0), "without dropout the unknown token never occurs, so its row keeps its random start");
        Bound.Above(UnknownRowChange(0.25f).Max(Math.Abs), 1e-4, "the largest change of the unknown row with word dropout");
    }

    [TestMethod]
    public void SameSeedSameModelAndTheSeedMatters()
    {
        CollectionAssert.AreEqual(Train(0.25f), Train(0.25f));
        CollectionAssert.AreNotEqual(Train(0.25f), Train(0.25f, seed: 12), "the seed draws which words drop");
    }

    [TestMethod]
    public void RareWordsDropMoreOftenAtTheRateOverTheRatePlusTheirCount()
    {
        // In training, word 1 occurs 2000 times, word 2 twenty times, word 3 once, word 4 never.
        int[] training = [.. Enumerable.Repeat(1, 2000), .. Enumerable.Repeat(2, 20), 3];
        var dropout = WordDropout.For(new TrainerOptions { WordDropout = 0.3f, UnknownTokenId = Unknown }, 5, training, new Rng(1))!;
        var batch = SequenceBatch.FromTokens(Enumerable.Range(0, 3000).Select(_ => new[] { 1, 2, 3, 4, Unknown }).ToArray());
        dropout.Apply(batch);
        // Packed rows are step after step, and step t of every sequence holds the same word.
        double Dropped(int step) => (double)batch.TokenIds!.Skip(step * 3000).Take(3000).Count(id => id == Unknown) / 3000;
        Bound.Near(Dropped(0), 0.3 / 2000.3, 0.001, "the share of word 1 dropped");
        Bound.Near(Dropped(1), 0.3 / 20.3, 0.008, "the share of word 2 dropped");
        Bound.Near(Dropped(2), 0.3 / 1.3, 0.03, "the share of word 3 dropped");
        Bound.Near(Dropped(3), 1, 0, "a word never seen in training is always dropped");
        Bound.Near(Dropped(4), 1, 0, "unknown tokens stay unknown");
        Assert.IsNull(WordDropout.For(new TrainerOptions(), 5, training, new Rng(1)), "off by default in the trainer's own options");
    }

    [TestMethod]
    public void TheEstimatorValidatesTheRateAndTasksDefaultIt()
    {
        var ml = new MLContext(1);
        foreach (var rate in new[] { -0.1f, 1f, float.NaN })
            Assert.AreEqual("WordDropout", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(new RnnOptions { WordDropout = rate })).ParamName, $"{rate}");
        Assert.AreEqual(0.5f, ml.MulticlassClassification.Trainers.RnnTagger().Options.WordDropout);
        Assert.AreEqual(0.25f, ml.MulticlassClassification.Trainers.Rnn().Options.WordDropout);
        Assert.AreEqual(0f, ml.Transforms.Text.RnnLanguageModel().Options.WordDropout);
    }
}
