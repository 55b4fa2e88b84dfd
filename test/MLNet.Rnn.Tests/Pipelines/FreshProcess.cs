using System.Diagnostics;
using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Saves a model with <c>mlContext.Model.Save</c> and scores data with it in a fresh process that loads it with
/// <c>mlContext.Model.Load</c> and names none of MLNet.Rnn's types (test/MLNet.Rnn.ModelConsumer).
/// </summary>
internal static class FreshProcess
{
    /// <summary>The values of <paramref name="columns"/> (see <see cref="ScoredValues"/>) as the fresh process scores them.</summary>
    public static Dictionary<string, List<string>> Score(MLContext ml, ITransformer model, IDataView data, params string[] columns)
    {
        string directory = Directory.CreateTempSubdirectory("mlnet-rnn-fresh-").FullName;
        string modelPath = Path.Combine(directory, "model.zip"), input = Path.Combine(directory, "input.idv"), output = Path.Combine(directory, "output.idv");
        ml.Model.Save(model, data.Schema, modelPath);
        using (var file = File.Create(input))
            ml.Data.SaveAsBinary(data, file, keepHidden: false);
        try
        {
            Run(ConsumerPath(), modelPath, input, output);
            var scored = ml.Data.LoadFromBinary(output);
            return columns.ToDictionary(c => c, c => ScoredValues.Of(scored, c));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Asserts that the fresh process gives the same values as <paramref name="scored"/>, bit for bit.</summary>
    public static void AssertSameScores(MLContext ml, ITransformer model, IDataView data, IDataView scored, params string[] columns)
    {
        var fresh = Score(ml, model, data, columns);
        foreach (string column in columns)
            CollectionAssert.AreEqual(ScoredValues.Of(scored, column), fresh[column], $"column '{column}' differs after Model.Save and Model.Load in a fresh process");
    }

    private static string ConsumerPath()
    {
        string root = RepositoryPaths.RequireRoot();
        // Built beside the tests (the test project references it), in the same configuration.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string dll = Path.Combine(root, "test", "MLNet.Rnn.ModelConsumer", "bin", configuration, "net10.0", "MLNet.Rnn.ModelConsumer.dll");
        Assert.IsTrue(File.Exists(dll), $"{dll} is missing; build the solution first.");
        return dll;
    }

    private static void Run(string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(2)), "the consumer did not finish");
        Assert.AreEqual(0, process.ExitCode, output + errors.Result);
    }
}
