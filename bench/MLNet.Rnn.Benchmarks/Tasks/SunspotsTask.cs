using System.Globalization;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Benchmarks.Tasks;

/// <summary>
/// Yearly sunspots standardised with the first 80%'s statistics, windows of 20 years -> the next year, GRU
/// (hidden 32) on the last state, Adam 1e-2, 100 epochs of batches of 32; test RMSE in sunspot units beside
/// the naive forecast (this year = last year).
/// </summary>
internal static class SunspotsTask
{
    private const int Window = 20;

    public static Dictionary<string, object> Run(string datasets, int seed)
    {
        var values = File.ReadLines(TaskSuite.Path(datasets, "timeseries-statsmodels", "sunspots.csv")).Skip(1)
            .Select(line => double.Parse(line.Split(',')[1].Trim('"'), CultureInfo.InvariantCulture)).ToArray();
        int cut = (int)(values.Length * 0.8);
        double mean = values[..cut].Average();
        double deviation = Math.Sqrt(values[..cut].Sum(v => (v - mean) * (v - mean)) / cut);
        var z = values.Select(v => (float)((v - mean) / deviation)).ToArray();
        var windows = Enumerable.Range(0, z.Length - Window).Select(i => (History: z[i..(i + Window)], Next: z[i + Window])).ToArray();
        var train = windows[..(cut - Window)];
        var test = windows[(cut - Window)..];

        var (modelSeed, trainerSeed) = TaskSuite.Seeds(seed);
        var model = new SequenceModel(new SequenceModelOptions
        {
            Mode = RecurrentMode.Gru, FeatureCount = 1, HiddenSize = 32, Head = HeadKind.LastHidden, Outputs = 1,
        }, modelSeed);
        var trainer = new SequenceTrainer(model, new TrainerOptions
        {
            // Standardised by hand above, as the script does.
            Epochs = 100, BatchSize = 32, Optimizer = "adam", LearningRate = 1e-2f, NormalizeFeatures = false, NormalizeTargets = false, Seed = trainerSeed,
        });
        var result = trainer.Fit(SequenceDataset.FeaturesWithValues(train.Select(w => w.History).ToArray(), 1, train.Select(w => new[] { w.Next }).ToArray(), 1));

        model.Training = false;
        var output = model.Forward(SequenceBatch.FromFeatures(test.Select(w => w.History).ToArray(), 1));
        double squared = 0, naiveSquared = 0;
        for (int i = 0; i < test.Length; i++)
        {
            double truth = test[i].Next * deviation + mean;
            squared += Math.Pow(output.Logits[i] * deviation + mean - truth, 2);
            naiveSquared += Math.Pow(test[i].History[^1] * deviation + mean - truth, 2);
        }
        return new()
        {
            ["metric"] = "test_rmse", ["value"] = TaskSuite.Round(Math.Sqrt(squared / test.Length)),
            ["naive_rmse"] = TaskSuite.Round(Math.Sqrt(naiveSquared / test.Length)), ["train_seconds"] = TaskSuite.Round(result.Elapsed.TotalSeconds),
        };
    }
}
