using Microsoft.ML;
using MLNet.Rnn.Tests.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// <see cref="RnnTransformer.ImportWeights"/> while other threads score through prediction engines and cursors: every
/// score is exactly the old weights' or the new weights', never a mix and never an exception, and once the import
/// returns, new engines and cursors score with the new weights.
/// </summary>
[TestClass]
public sealed class ImportWhileScoringTests
{
    private sealed class Scores
    {
        public float[] Score { get; set; } = [];
    }

    [TestMethod]
    public void ScoresAreTheOldOrTheNewWeightsNeverAMix()
    {
        var ml = new MLContext(seed: 1);
        var training = ml.Data.LoadFromEnumerable(TestRows.Reviews(60, 1));
        training = ml.Transforms.Conversion.MapValueToKey("Label").Fit(training).Transform(training);
        var options = new RnnOptions { HiddenSize = 48, EmbeddingSize = 32, Epochs = 1 };
        var model = ml.Transforms.Rnn(options).Fit(training);
        // The same data give the same vocabulary and shapes; the next seed gives other weights.
        var other = ml.Transforms.Rnn(options).Fit(training);
        var rows = TestRows.Reviews(40, 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        var oldScores = ScoredValues.Of(model.Transform(data), "Score");
        var newScores = ScoredValues.Of(other.Transform(data), "Score");
        Assert.IsTrue(oldScores.Zip(newScores).All(p => p.First != p.Second), "every row tells the two sets of weights apart");

        using var files = new TempDirectory();
        string oldWeights = Path.Combine(files.Path, "old.safetensors"), newWeights = Path.Combine(files.Path, "new.safetensors");
        model.ExportWeights(oldWeights);
        other.ExportWeights(newWeights);

        var oldFloats = oldScores.Select(ScoredValues.Floats).ToArray();
        var newFloats = newScores.Select(ScoredValues.Floats).ToArray();
        long oldSeen = 0, newSeen = 0;
        using var scoring = new CountdownEvent(3);
        using var imported = new ManualResetEventSlim();

        // Scores the rows round after round until the imports are done; the first score (or a failure) lets them start.
        void Score(Func<IEnumerable<float[]>> round)
        {
            bool started = false;
            try
            {
                do
                {
                    int row = 0;
                    foreach (var score in round())
                    {
                        if (score.SequenceEqual(oldFloats[row]))
                            Interlocked.Increment(ref oldSeen);
                        else if (score.SequenceEqual(newFloats[row]))
                            Interlocked.Increment(ref newSeen);
                        else
                            throw new AssertFailedException($"Row {row} scored {string.Join(", ", score)}: neither the old weights' {string.Join(", ", oldFloats[row])} nor the new weights' {string.Join(", ", newFloats[row])}.");
                        row++;
                        if (!started)
                        {
                            started = true;
                            scoring.Signal();
                        }
                    }
                }
                while (!imported.IsSet);
            }
            finally
            {
                if (!started)
                    scoring.Signal();
            }
        }

        IEnumerable<float[]> ThroughANewEngine()
        {
            using var engine = ml.Model.CreatePredictionEngine<Review, Scores>(model);
            foreach (var row in rows)
                yield return engine.Predict(row).Score;
        }

        IEnumerable<float[]> ThroughANewCursor() => ScoredValues.Of(model.Transform(data), "Score").Select(ScoredValues.Floats);

        void Import()
        {
            scoring.Wait();
            // Back and forth, ending on the new weights, with the scorers running throughout: each import retires the
            // scorers' model copies, so each is followed by fresh copies that a torn import or copy would mix.
            for (int i = 0; i < 201; i++)
                model.ImportWeights(i % 2 == 0 ? newWeights : oldWeights);
            imported.Set();
        }

        // Threads of their own: scorers that run until the imports are done would hold the pool's few threads and starve the importer.
        Task Start(Action action) => Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var threads = new[] { Start(() => Score(ThroughANewEngine)), Start(() => Score(ThroughANewEngine)), Start(() => Score(ThroughANewCursor)), Start(Import) };
        Assert.IsTrue(Task.WaitAll(threads, TimeSpan.FromSeconds(60)), "scoring and importing finish");

        Assert.IsTrue(oldSeen > 0 && newSeen > 0, $"the scorers saw both sets of weights: {oldSeen} old scores, {newSeen} new");
        CollectionAssert.AreEqual(newScores, ScoredValues.Of(model.Transform(data), "Score"), "a new cursor after the import");
        using var after = ml.Model.CreatePredictionEngine<Review, Scores>(model);
        for (int row = 0; row < rows.Count; row++)
            CollectionAssert.AreEqual(newFloats[row], after.Predict(rows[row]).Score, $"a new prediction engine after the import, row {row}");
    }
}
