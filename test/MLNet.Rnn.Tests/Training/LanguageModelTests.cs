using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Training;

[TestClass]
public sealed class LanguageModelTests
{
    private static SequenceModel LanguageModel(ulong seed = 1) => new(new SequenceModelOptions
    {
        Mode = RecurrentMode.Gru, VocabularySize = 5, EmbeddingSize = 8, HiddenSize = 32, Head = HeadKind.PerStep, Outputs = 5,
    }, seed);

    // "abcd abcd ..." as ids 1 2 3 4 0: fully predictable once the model knows where it is.
    private static int[] Pattern(int count) => Enumerable.Range(0, count).Select(i => (i % 5 + 1) % 5).ToArray();

    [TestMethod]
    public void StatefulTruncatedBpttLearnsAPattern()
    {
        var model = LanguageModel();
        var trainer = new LanguageModelTrainer(model, new TrainerOptions { Epochs = 6, BatchSize = 4, LearningRate = 0.01f, ClipGradientNorm = 1 }, bpttLength: 10);
        var result = trainer.Fit(Pattern(2001), Pattern(401));
        Assert.AreEqual(6, result.Epochs.Count);
        double perplexity = trainer.Evaluate(Pattern(401)).Perplexity;
        Bound.Below(perplexity, 1.1, "perplexity of a learned deterministic pattern (near 1)");
        Bound.Above(result.Epochs[0].Validation!.Tokens!.Perplexity, perplexity, "perplexity after the first epoch, against the last");
    }

    [TestMethod]
    public void GenerationContinuesThePatternAndIsSeeded()
    {
        var model = LanguageModel();
        new LanguageModelTrainer(model, new TrainerOptions { Epochs = 6, BatchSize = 4, LearningRate = 0.01f }, bpttLength: 10).Fit(Pattern(2001));

        CollectionAssert.AreEqual(new[] { 4, 0, 1, 2, 3, 4, 0, 1 }, TextGenerator.Generate(model, [1, 2, 3], 8, temperature: 0));
        var a = TextGenerator.Generate(model, [1], 20, temperature: 1.5f, topK: 3, seed: 7);
        var b = TextGenerator.Generate(model, [1], 20, temperature: 1.5f, topK: 3, seed: 7);
        CollectionAssert.AreEqual(a, b);
        Assert.IsTrue(a.All(t => t is >= 0 and < 5));
    }

    [TestMethod]
    public void LowTemperatureSamplingIsGreedyNotNaN()
    {
        // Logits divided by 0.001 reach the thousands: softmax must not overflow into NaN (which picked token 0).
        var model = LanguageModel();
        new LanguageModelTrainer(model, new TrainerOptions { Epochs = 6, BatchSize = 4, LearningRate = 0.01f }, bpttLength: 10).Fit(Pattern(2001));
        CollectionAssert.AreEqual(TextGenerator.Generate(model, [1, 2], 12, temperature: 0), TextGenerator.Generate(model, [1, 2], 12, temperature: 0.001f, seed: 3));
    }

    [TestMethod]
    public void TopKKeepsExactlyKTokensEvenWhenTied()
    {
        // A zeroed head makes every logit equal: top-1 must still be one token (the lowest id), not all of them.
        var model = LanguageModel();
        model.Head.Weight.Value.Clear();
        model.Head.Bias!.Value.Clear();
        Assert.IsTrue(TextGenerator.Generate(model, [1], 200, temperature: 1f, topK: 1, seed: 4).All(t => t == 0));
        Assert.AreEqual(2, TextGenerator.Generate(model, [1], 400, temperature: 1f, topK: 2, seed: 5).Distinct().Count());
    }

    [TestMethod]
    public void ValidationFractionHoldsOutTheEndOfTheText()
    {
        var trainer = new LanguageModelTrainer(LanguageModel(), new TrainerOptions { Epochs = 2, BatchSize = 4, ValidationFraction = 0.2, EarlyStoppingPatience = 1 }, bpttLength: 10);
        var result = trainer.Fit(Pattern(1001));
        Assert.IsTrue(result.Epochs.All(e => e.Validation?.Tokens is not null));
    }

    [TestMethod]
    public void SmallValidationTextStillGetsAPerplexity()
    {
        var trainer = new LanguageModelTrainer(LanguageModel(), new TrainerOptions { Epochs = 1, BatchSize = 4 }, bpttLength: 10);
        var result = trainer.Fit(Pattern(401), validationTokens: Pattern(7));
        Assert.IsTrue(double.IsFinite(result.Epochs[0].Validation!.Tokens!.Perplexity));
        var e = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Pattern(401), validationTokens: [1]));
        Assert.AreEqual("validationTokens", e.ParamName, "a useless validation set fails before training, named");
    }

    [TestMethod]
    public void TopOneSamplingIsGreedy()
    {
        var model = LanguageModel(3);
        CollectionAssert.AreEqual(TextGenerator.Generate(model, [2, 3], 10, temperature: 0), TextGenerator.Generate(model, [2, 3], 10, temperature: 2f, topK: 1, seed: 5));
    }

    [TestMethod]
    public void LanguageModelArgumentsAreChecked()
    {
        var classifier = new SequenceModel(new SequenceModelOptions { VocabularySize = 5, Outputs = 2 });
        Assert.ThrowsExactly<ArgumentException>(() => new LanguageModelTrainer(classifier));
        var trainer = new LanguageModelTrainer(LanguageModel(), new TrainerOptions { BatchSize = 4 }, bpttLength: 10);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Pattern(20))).Message, "too few");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit([.. Pattern(100), 7])).Message, "outside the vocabulary");
        Assert.ThrowsExactly<ArgumentException>(() => TextGenerator.Generate(LanguageModel(), [], 3));
    }
}
