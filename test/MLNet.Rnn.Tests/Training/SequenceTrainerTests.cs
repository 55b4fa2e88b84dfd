using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Training;

[TestClass]
public sealed class SequenceTrainerTests
{
    private static SequenceModel Classifier(ulong seed = 1, RecurrentMode mode = RecurrentMode.Lstm) => new(new SequenceModelOptions
    {
        Mode = mode, VocabularySize = 6, EmbeddingSize = 8, HiddenSize = 16, Bidirectional = true, Head = HeadKind.LastHidden, Outputs = 2,
    }, seed);

    [TestMethod]
    public void LearnsToClassifySequences()
    {
        var model = Classifier();
        var trainer = new SequenceTrainer(model, new TrainerOptions { Epochs = 8, BatchSize = 16, LearningRate = 0.01f, Seed = 2 });
        trainer.Fit(ToyData.ContainsFive(400, 1));
        var evaluation = trainer.Evaluate(ToyData.ContainsFive(200, 99));
        Bound.Above(evaluation.Classification!.Accuracy, 0.95, $"accuracy ({evaluation})");
        Bound.Above(evaluation.Classification.Auc, 0.95, "AUC");
    }

    [TestMethod]
    public void LearnsRegressionOverNumericSteps()
    {
        var model = new SequenceModel(new SequenceModelOptions { Mode = RecurrentMode.Gru, FeatureCount = 2, HiddenSize = 24, Head = HeadKind.LastHidden, Outputs = 2 }, 3);
        var trainer = new SequenceTrainer(model, new TrainerOptions { Epochs = 25, BatchSize = 16, LearningRate = 0.01f, Seed = 4 });
        trainer.Fit(ToyData.SumAndMean(400, 5));
        Assert.IsNotNull(model.Normalizer, "features are standardised with statistics learned from the training data");
        var evaluation = trainer.Evaluate(ToyData.SumAndMean(200, 6));
        // The targets have a standard deviation of about 1.2; a model that learned nothing scores about that.
        Bound.Below(evaluation.Regression!.Rmse, 0.25, $"RMSE ({evaluation})");
    }

    [TestMethod]
    public void LearnsPerStepTagging()
    {
        var model = new SequenceModel(new SequenceModelOptions { VocabularySize = 7, EmbeddingSize = 8, HiddenSize = 16, Bidirectional = true, Head = HeadKind.PerStep, Outputs = 3 }, 5);
        var trainer = new SequenceTrainer(model, new TrainerOptions { Epochs = 10, BatchSize = 16, LearningRate = 0.01f, Seed = 6 });
        trainer.Fit(ToyData.ModuloTags(300, 7));
        var evaluation = trainer.Evaluate(ToyData.ModuloTags(100, 8), ["O", "B-X", "I-X"]);
        Bound.Above(evaluation.TokenAccuracy!.Value, 0.97, $"token accuracy ({evaluation})");
        Assert.IsNotNull(evaluation.Tagging);
        Bound.Below(evaluation.Tokens!.Perplexity, 1.2, "perplexity");
    }

    [TestMethod]
    public void SameSeedsGiveTheSameModelBitForBit()
    {
        float[] Train()
        {
            var model = Classifier(seed: 9, RecurrentMode.Gru);
            new SequenceTrainer(model, new TrainerOptions { Epochs = 2, BatchSize = 8, Seed = 10, ValidationFraction = 0.2 }).Fit(ToyData.ContainsFive(100, 11));
            return model.Parameters.Values;
        }
        CollectionAssert.AreEqual(Train(), Train());
    }

    [TestMethod]
    public void EarlyStoppingRestoresTheBestWeights()
    {
        var model = Classifier();
        // Labels that are pure noise: memorising them makes the validation loss rise, so training stops early.
        var clean = ToyData.ContainsFive(60, 13);
        var noisy = SequenceDataset.TokensWithClass(clean.Tokens!, clean.Classes!.Select((_, i) => (i * 7 + 3) % 11 % 2).ToArray());
        var trainer = new SequenceTrainer(model, new TrainerOptions { Epochs = 60, BatchSize = 8, LearningRate = 0.02f, EarlyStoppingPatience = 2, Seed = 3 });
        var validation = ToyData.ContainsFive(60, 12);
        var result = trainer.Fit(noisy, validation);
        Assert.IsTrue(result.StoppedEarly);
        Assert.IsLessThan(60, result.Epochs.Count);
        double best = result.Epochs.Min(e => e.Validation!.Loss);
        Assert.AreEqual(best, result.Epochs[result.BestEpoch - 1].Validation!.Loss);
        Bound.Near(trainer.Evaluate(validation).Loss, best, 1e-6, "validation loss of the model, which holds the best epoch's weights");
    }

    [TestMethod]
    public void ProgressReportsEveryBatchAndEachEpoch()
    {
        var reports = new List<TrainingProgress>();
        var trainer = new SequenceTrainer(Classifier(), new TrainerOptions { Epochs = 2, BatchSize = 10, ValidationFraction = 0.2 });
        trainer.Fit(ToyData.ContainsFive(50, 1), progress: new InlineProgress<TrainingProgress>(reports.Add));
        Assert.AreEqual(8, reports.Count, "40 training examples in batches of 10, for 2 epochs");
        var last = reports[^1];
        Assert.IsTrue(last.EndOfEpoch);
        Assert.AreEqual(1.0, last.Fraction, 1e-9);
        Assert.IsNotNull(last.Validation);
        Assert.IsTrue(reports.All(r => r.TokensPerSecond > 0 && double.IsFinite(r.Loss)));
        Assert.IsNull(reports[0].Validation);
    }

    [TestMethod]
    public void CancellationStopsAndLeavesAUsableModel()
    {
        using var cancel = new CancellationTokenSource();
        var trainer = new SequenceTrainer(Classifier(), new TrainerOptions { Epochs = 50, BatchSize = 10 });
        var result = trainer.Fit(ToyData.ContainsFive(100, 1), progress: new InlineProgress<TrainingProgress>(_ => cancel.Cancel()), cancellationToken: cancel.Token);
        Assert.IsTrue(result.Cancelled);
        Assert.IsEmpty(result.Epochs);
        Assert.IsTrue(double.IsFinite(trainer.Evaluate(ToyData.ContainsFive(20, 2)).Loss));
    }

    [TestMethod]
    public void DivergenceNamesTheStep()
    {
        var trainer = new SequenceTrainer(Classifier(), new TrainerOptions { Epochs = 3, BatchSize = 10, Optimizer = "sgd", LearningRate = 1e38f });
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => trainer.Fit(ToyData.ContainsFive(100, 1)));
        StringAssert.Contains(e.Message, "epoch");
        Assert.IsFalse(trainer.Model.Training, "a failed run leaves the model in evaluation mode");
        Assert.IsTrue(double.IsNaN(e.Loss) || double.IsInfinity(e.Loss));
    }

    [TestMethod]
    public void DataThatDoesNotFitTheModelIsRejected()
    {
        var trainer = new SequenceTrainer(Classifier());
        var badClass = SequenceDataset.TokensWithClass([[1, 2]], [2]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(badClass)).Message, "class id 2, outside [0, 2)");
        var badToken = SequenceDataset.TokensWithClass([[1, 9]], [0]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(badToken)).Message, "token id 9");
        var perStep = SequenceDataset.TokensWithStepClasses([[1, 2]], [[0, 1]]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(perStep)).Message, "per-step head");
        var numeric = SequenceDataset.FeaturesWithClass([[1f, 2f]], 1, [0]);
        Assert.AreEqual("train", Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(numeric)).ParamName);
    }

    [TestMethod]
    public void OptionsAreValidated()
    {
        Assert.AreEqual("Epochs", Assert.ThrowsExactly<ArgumentException>(() => new SequenceTrainer(Classifier(), new TrainerOptions { Epochs = 0 })).ParamName);
        Assert.AreEqual("Optimizer", Assert.ThrowsExactly<ArgumentException>(() => new SequenceTrainer(Classifier(), new TrainerOptions { Optimizer = "rmsprop" })).ParamName);
        Assert.AreEqual("HiddenSize", Assert.ThrowsExactly<ArgumentException>(() => new SequenceModel(new SequenceModelOptions { HiddenSize = 0 })).ParamName);
    }
}
