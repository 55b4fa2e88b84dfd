using BenchmarkDotNet.Running;
using MLNet.Rnn.Benchmarks;
using MLNet.Rnn.Benchmarks.Exported;
using MLNet.Rnn.Benchmarks.Quality;
using MLNet.Rnn.Benchmarks.Tasks;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Engines;
using MLNet.Rnn.TorchSharp;

// dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- [sgemm] [recurrent] [--cases a,b] [--repeats N] [--bench-cases PATH]
// dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- throughput [--cases a,b] [--steps N] [--rounds N | --round N] [--threads N] [--onnx artifacts/onnx]
// dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- exported [--cases a,b] [--steps N] [--rounds N | --round N] [--threads N]
// dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- prediction [--cases a,b]
// dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- tasks [--datasets ../shared/datasets] [--tasks a,b] [--seeds 0,1,2]
// dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- quality [--datasets ../shared/datasets] [--tasks yelp,imdb,ewt] [--seeds 0-9] [--epochs N]
// dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- bdn [BenchmarkDotNet arguments]
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(RecurrentLayerBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

var suites = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(a)).ToHashSet();
if (suites.Count == 0)
    suites = ["sgemm", "recurrent"];
int repeats = int.Parse(Option("--repeats") ?? "9", System.Globalization.CultureInfo.InvariantCulture);
string casesPath = Option("--bench-cases") ?? Path.Combine("..", "shared", "bench", "cases.json");
string[]? only = Option("--cases")?.Split(',');

if (suites.Contains("sgemm"))
{
    foreach (var line in SgemmBenchmark.Run())
        Console.WriteLine(line);
}
if (suites.Contains("recurrent") || suites.Contains("throughput") || suites.Contains("exported") || suites.Contains("prediction"))
{
    if (!File.Exists(casesPath))
    {
        Console.Error.WriteLine($"Benchmark cases not found at {Path.GetFullPath(casesPath)}; pass --bench-cases PATH.");
        return 2;
    }
    var cases = BenchCase.Load(casesPath).Where(c => only is null || only.Contains(c.Name)).ToList();
    if (suites.Contains("recurrent"))
    {
        foreach (var line in RecurrentBenchmark.Run(cases, repeats))
            Console.WriteLine(line);
    }
    if (suites.Contains("prediction"))
    {
        foreach (var line in PredictionBenchmark.Run(cases))
            Console.WriteLine(line);
    }
    // The peers get as many threads as the managed engine's team: the machine's cores (2 on the reference machine).
    int threads = Option("--threads") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : ThreadTeam.MaxThreads;
    int steps = int.Parse(Option("--steps") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
    // --round N runs round N alone (a separate process per round, as eng/bench_sitting.sh does); --rounds N runs 1 to N.
    var rounds = Option("--round") is { } round ? [int.Parse(round, System.Globalization.CultureInfo.InvariantCulture)]
        : Enumerable.Range(1, int.Parse(Option("--rounds") ?? "3", System.Globalization.CultureInfo.InvariantCulture));
    if (suites.Contains("throughput"))
    {
        TorchSharp.torch.set_num_threads(threads);
        // Each engine's threads as it reports them, for the JSON lines: what libtorch took, not what it was asked for.
        (string, RnnEngine, int)[] engines =
        [
            ("mlnet-rnn-managed", RnnEngine.Managed, ThreadTeam.MaxThreads),
            ("libtorch-2.10-torchsharp", TorchSharpEngine.Cpu(servePredictions: true), TorchSharp.torch.get_num_threads()),
        ];
        string onnx = Option("--onnx") ?? Path.Combine("artifacts", "onnx");
        foreach (var line in ThroughputBenchmark.Run(cases, engines, onnx, steps, rounds, threads))
            Console.WriteLine(line);
    }
    if (suites.Contains("exported"))
    {
        foreach (var line in ExportedBenchmark.Run(cases, steps, rounds, threads))
            Console.WriteLine(line);
    }
}
if (suites.Contains("tasks"))
{
    string datasets = Option("--datasets") ?? Path.Combine("..", "shared", "datasets");
    var tasks = Option("--tasks")?.Split(',') ?? TaskSuite.All;
    foreach (var line in TaskSuite.Run(datasets, tasks, Seeds(Option("--seeds") ?? "0,1,2")))
        Console.WriteLine(line);
}
if (suites.Contains("quality"))
{
    string datasets = Option("--datasets") ?? Path.Combine("..", "shared", "datasets");
    var tasks = Option("--tasks")?.Split(',') ?? QualitySuite.All;
    int? epochs = Option("--epochs") is { } e ? int.Parse(e, System.Globalization.CultureInfo.InvariantCulture) : null;
    foreach (var line in QualitySuite.Run(datasets, tasks, Seeds(Option("--seeds") ?? "0-9"), epochs))
        Console.WriteLine(line);
}
return 0;

// "0,1,2" or a range, "0-9".
static int[] Seeds(string text)
{
    var numbers = text.Split(',', '-').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    return text.Contains('-') ? Enumerable.Range(numbers[0], numbers[1] - numbers[0] + 1).ToArray() : numbers;
}

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

bool IsOptionValue(string arg)
{
    int i = Array.IndexOf(args, arg);
    return i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal);
}
