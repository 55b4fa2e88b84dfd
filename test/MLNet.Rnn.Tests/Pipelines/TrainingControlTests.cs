using System.Reflection;
using Microsoft.ML;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Seeds, logs, progress, cancellation, missing labels and validation, the way an ML.NET user controls training.</summary>
[TestClass]
public sealed class TrainingControlTests
{
    private static readonly RnnOptions Options = new() { HiddenSize = 16, EmbeddingSize = 8, Epochs = 3 };

    private static IDataView KeyedReviews(MLContext ml, int count, int seed)
    {
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(count, seed));
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameModelBitForBitAndAnotherSeedAnother()
    {
        List<string> Scores(int seed)
        {
            var ml = new MLContext(seed: seed);
            var data = KeyedReviews(ml, 100, 1);
            return ScoredValues.Of(ml.Transforms.Rnn(Options).Fit(data).Transform(data), "Score");
        }

        CollectionAssert.AreEqual(Scores(5), Scores(5));
        CollectionAssert.AreNotEqual(Scores(5), Scores(6));
    }

    [TestMethod]
    public void BatchesAreDrawnAtRandomUnlessBucketingByLengthIsAskedFor()
    {
        List<string> Scores(bool bucket)
        {
            var ml = new MLContext(seed: 5);
            var data = KeyedReviews(ml, 100, 1);
            return ScoredValues.Of(ml.Transforms.Rnn(Options with { BucketByLength = bucket }).Fit(data).Transform(data), "Score");
        }

        Assert.IsFalse(new RnnOptions().BucketByLength);
        Assert.IsFalse(new TrainerOptions().BucketByLength);
        CollectionAssert.AreNotEqual(Scores(false), Scores(true), "other batches, another model");
    }

    [TestMethod]
    public void EpochSummariesGoToMLContextLogAndEveryBatchToTheProgressOption()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        var reports = new List<TrainingProgress>();

        ml.Transforms.Rnn(Options with { BatchSize = 16, Progress = new InlineProgress<TrainingProgress>(reports.Add) }).Fit(KeyedReviews(ml, 64, 1));

        Assert.HasCount(3 * 4, reports, "4 batches in each of 3 epochs");
        Assert.HasCount(3, reports.Where(r => r.EndOfEpoch).ToList());
        foreach (int epoch in new[] { 1, 2, 3 })
            Assert.IsTrue(messages.Any(m => m.StartsWith($"Epoch {epoch}/3: training loss ") && m.Contains("tokens/s")), $"no log line for epoch {epoch}");
    }

    [TestMethod]
    public void CancellingTheOptionsTokenStopsTrainingAndKeepsAUsableModel()
    {
        var ml = new MLContext(seed: 1);
        var data = KeyedReviews(ml, 64, 1);
        using var cancellation = new CancellationTokenSource();

        var model = ml.Transforms.Rnn(Options with
        {
            Epochs = 50, BatchSize = 16, CancellationToken = cancellation.Token,
            Progress = new InlineProgress<TrainingProgress>(p => { if (p.Epoch == 2) cancellation.Cancel(); }),
        }).Fit(data);

        Assert.IsTrue(model.TrainingResult!.Cancelled);
        Assert.HasCount(1, model.TrainingResult.Epochs);
        Assert.HasCount(64, ScoredValues.Of(model.Transform(data), "Score"));
    }

    [TestMethod]
    public void CancellingTheOptionsTokenBeforeTheFirstEpochEndsThrows()
    {
        var ml = new MLContext(seed: 1);
        using var cancellation = new CancellationTokenSource();
        var batches = 0;

        var error = Assert.Throws<OperationCanceledException>(() => ml.Transforms.Rnn(Options with
        {
            Epochs = 50, BatchSize = 16, CancellationToken = cancellation.Token,
            Progress = new InlineProgress<TrainingProgress>(_ => { if (++batches == 2) cancellation.Cancel(); }),
        }).Fit(KeyedReviews(ml, 64, 1)));

        Assert.AreEqual(cancellation.Token, error.CancellationToken);
        StringAssert.Contains(error.Message, "before its first epoch completed");
        Assert.AreEqual(2, batches, "training stopped at the next batch");
    }

    [TestMethod]
    public void CancellingMLNetsContextThrowsAsMLNetsTrainersDo()
    {
        var ml = new MLContext(seed: 1);
        var data = KeyedReviews(ml, 64, 1);
        // MLContext has no public cancel method in ML.NET 5.0.1; its internal one is what hosts (and tools) call.
        var cancel = typeof(MLContext).GetMethod("CancelExecution", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var epochs = 0;

        Assert.Throws<OperationCanceledException>(() => ml.Transforms.Rnn(Options with
        {
            Epochs = 50, BatchSize = 16,
            Progress = new InlineProgress<TrainingProgress>(p => { epochs = p.Epoch; if (p.Epoch == 3) cancel.Invoke(ml, null); }),
        }).Fit(data));
        Assert.AreEqual(3, epochs, "training stopped in the epoch it was cancelled in");
    }

    [TestMethod]
    public void RowsWithAMissingLabelAreSkippedAndSaidSo()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        var rows = TestRows.ScoredReviews(50, 1);
        foreach (int i in new[] { 3, 17, 40 })
            rows[i].Label = float.NaN;

        var model = ml.Regression.Trainers.Rnn(inputColumnName: "Text", epochs: 1).Fit(ml.Data.LoadFromEnumerable(rows));

        Assert.IsNotNull(model.TrainingResult);
        CollectionAssert.Contains(messages, "Skipped 3 training rows whose label in 'Label' is missing.");
    }

    [TestMethod]
    public void ValidationDataIsEvaluatedEachEpochAndDrivesEarlyStopping()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.Rnn(Options with { Epochs = 30, EarlyStoppingPatience = 2, LearningRate = 0.05f });

        var model = estimator.Fit(KeyedReviews(ml, 60, 1), KeyedReviews(ml, 60, 2));

        var result = model.TrainingResult!;
        Assert.IsTrue(result.Epochs.All(e => e.Validation is not null));
        Assert.IsTrue(result.StoppedEarly, "a tiny training set overfits, and validation loss stops improving");
        Assert.AreEqual(result.Epochs.MinBy(e => e.Validation!.Loss)!.Epoch, result.BestEpoch);
    }
}
