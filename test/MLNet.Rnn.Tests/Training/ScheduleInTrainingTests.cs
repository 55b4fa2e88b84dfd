using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Training;

/// <summary>
/// Inside a training run, the learning rate each batch's progress report gives is the schedule's, counted in
/// optimizer steps across epochs: linear warm-up then cosine decay to the final factor, or a step down every few
/// epochs. Written out here from the schedules' documented formulas, not through <see cref="LearningRateSchedule.Factor"/>.
/// </summary>
[TestClass]
public sealed class ScheduleInTrainingTests
{
    private const float BaseRate = 0.01f;
    private const int Epochs = 3, Warmup = 4;
    private const double FinalFactor = 0.1, Gamma = 0.5;

    private static double CosineWithWarmup(long step, long totalSteps) => step < Warmup
        ? (step + 1.0) / Warmup
        : FinalFactor + (1 - FinalFactor) * (1 + Math.Cos(Math.PI * (step - Warmup) / (totalSteps - Warmup - 1))) / 2;

    private static double EverySecondEpoch(int epoch) => Math.Pow(Gamma, (epoch - 1) / 2);

    [TestMethod]
    public void ASequenceTrainerFollowsCosineWithWarmupAcrossEpochs()
    {
        var reports = TrainSequences(LearningRateSchedule.CosineWithWarmup(Warmup, FinalFactor));
        AssertRates(reports, (step, total, _) => CosineWithWarmup(step, total));
        AssertEnds(reports, BaseRate / Warmup, BaseRate * FinalFactor);
    }

    [TestMethod]
    public void ASequenceTrainerStepsTheRateDownEveryOtherEpoch()
    {
        var reports = TrainSequences(LearningRateSchedule.Step(everyEpochs: 2, Gamma));
        AssertRates(reports, (_, _, epoch) => EverySecondEpoch(epoch));
        AssertEnds(reports, BaseRate, BaseRate * Gamma);
    }

    [TestMethod]
    public void ALanguageModelTrainerFollowsCosineWithWarmupAcrossEpochs()
    {
        var model = new SequenceModel(new SequenceModelOptions { VocabularySize = 5, EmbeddingSize = 3, HiddenSize = 4, Head = HeadKind.PerStep, Outputs = 5 }, seed: 1);
        var reports = new List<TrainingProgress>();
        var options = new TrainerOptions { Epochs = Epochs, BatchSize = 2, LearningRate = BaseRate, Schedule = LearningRateSchedule.CosineWithWarmup(Warmup, FinalFactor), Seed = 1 };
        new LanguageModelTrainer(model, options, bpttLength: 4).Fit([.. Enumerable.Range(0, 41).Select(i => i * 7 % 5)], progress: new InlineProgress<TrainingProgress>(reports.Add));
        AssertRates(reports, (step, total, _) => CosineWithWarmup(step, total));
        AssertEnds(reports, BaseRate / Warmup, BaseRate * FinalFactor);
    }

    private static List<TrainingProgress> TrainSequences(LearningRateSchedule schedule)
    {
        var model = new SequenceModel(new SequenceModelOptions { VocabularySize = 6, EmbeddingSize = 3, HiddenSize = 4 }, seed: 1);
        var reports = new List<TrainingProgress>();
        var options = new TrainerOptions { Epochs = Epochs, BatchSize = 10, LearningRate = BaseRate, Schedule = schedule, Seed = 1 };
        new SequenceTrainer(model, options).Fit(ToyData.ContainsFive(50, 1), progress: new InlineProgress<TrainingProgress>(reports.Add));
        return reports;
    }

    /// <summary>The first and the last step's rates, as numbers rather than through the formulas.</summary>
    private static void AssertEnds(List<TrainingProgress> reports, double first, double last)
    {
        Bound.Near(reports[0].LearningRate, first, 1e-6 * BaseRate, "the first step's rate");
        Bound.Near(reports[^1].LearningRate, last, 1e-6 * BaseRate, "the last step's rate");
    }

    /// <summary>One report per batch, each giving the base rate times <paramref name="factor"/>(step, total steps, 1-based epoch).</summary>
    private static void AssertRates(List<TrainingProgress> reports, Func<long, long, int, double> factor)
    {
        int perEpoch = reports[0].StepsPerEpoch;
        Bound.AtLeast(perEpoch, Warmup, "batches per epoch, so warm-up ends in the first epoch and decay crosses epochs");
        Assert.HasCount(Epochs * perEpoch, reports, "one report per batch");
        long total = (long)Epochs * perEpoch;
        foreach (var report in reports)
        {
            long step = (report.Epoch - 1L) * perEpoch + report.Step - 1;
            double expected = BaseRate * factor(step, total, report.Epoch);
            Bound.Near(report.LearningRate, expected, 1e-6 * BaseRate, $"learning rate of step {step} (epoch {report.Epoch}, batch {report.Step})");
        }
    }
}
