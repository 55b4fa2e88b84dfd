using System.Text.Json;
using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Benchmarks.Tasks;

/// <summary>
/// The four tasks of <c>shared/bench/torch_tasks.py</c> through this library: the same data preparation, model
/// and hyperparameters, printing the same JSON fields (<c>task, seed, impl, metric, value, train_seconds</c>).
/// </summary>
/// <remarks>
/// One difference is unavoidable: where the script shuffles with Python's generator (the sentiment split,
/// the order of batches), this suite shuffles with the library's seeded generator, so splits and batch
/// orders are different draws of the same procedure.
/// </remarks>
internal static class TaskSuite
{
    public static readonly string[] All = ["sentiment", "charlm", "pos", "sunspots"];

    public static IEnumerable<string> Run(string datasets, IEnumerable<string> tasks, IEnumerable<int> seeds)
    {
        foreach (var task in tasks)
        {
            foreach (int seed in seeds)
            {
                var result = task switch
                {
                    "sentiment" => SentimentTask.Run(datasets, seed),
                    "charlm" => CharLanguageModelTask.Run(datasets, seed),
                    "pos" => PosTaggingTask.Run(datasets, seed),
                    "sunspots" => SunspotsTask.Run(datasets, seed),
                    _ => throw new ArgumentException($"Unknown task '{task}'; expected one of {string.Join(", ", All)}."),
                };
                result["task"] = task;
                result["seed"] = seed;
                result["impl"] = "mlnet-rnn";
                yield return JsonSerializer.Serialize(result);
            }
        }
    }

    /// <summary>A seed for the model and one for the trainer, both fixed by the task's seed.</summary>
    internal static (ulong Model, ulong Trainer) Seeds(int seed)
    {
        var rng = new Rng((ulong)seed);
        return (rng.NextUInt64(), rng.NextUInt64());
    }

    internal static double Round(double value) => Math.Round(value, 6, MidpointRounding.ToEven);

    internal static string Path(string datasets, params string[] parts)
    {
        string path = System.IO.Path.Combine([datasets, .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Dataset file not found: {path}. Pass the shared datasets folder (../shared/datasets).");
    }

}
