using System.Diagnostics;

namespace MLNet.Rnn.Tests.Api;

/// <summary>The README's API tour is the main-job sample, verbatim, and the sample runs.</summary>
[TestClass]
public sealed class ReadmeTests
{
    [TestMethod]
    public void ApiTourInTheReadmeIsTheSampleProgram()
    {
        string root = RepositoryPaths.RequireRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        const string begin = "<!-- api-tour:begin -->\n```csharp\n", end = "```\n<!-- api-tour:end -->";
        int start = readme.IndexOf(begin, StringComparison.Ordinal);
        int stop = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.IsTrue(start >= 0 && stop > start, "README.md has no api-tour block");
        string tour = readme[(start + begin.Length)..stop];
        string program = File.ReadAllText(Path.Combine(root, "samples", "SentimentQuickstart", "Program.cs")).ReplaceLineEndings("\n");
        Assert.AreEqual(program.TrimEnd(), tour.TrimEnd(), "update README.md's API tour from samples/SentimentQuickstart/Program.cs");
    }

    [TestMethod]
    public void TheSampleTrainsEvaluatesSavesLoadsAndPredicts()
    {
        string root = RepositoryPaths.RequireRoot();
        // The sample is built beside the tests, in the same configuration.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string dll = Path.Combine(root, "samples", "SentimentQuickstart", "bin", configuration, "net10.0", "SentimentQuickstart.dll");
        Assert.IsTrue(File.Exists(dll), $"{dll} is missing; build the solution first.");
        string work = Directory.CreateTempSubdirectory("mlnet-rnn-sample-").FullName;
        try
        {
            // A datasets folder that does not exist: the sample trains on its own examples, which is quick.
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add(Path.Combine(work, "no-datasets"));
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(3)), "the sample did not finish");
            Assert.AreEqual(0, process.ExitCode, output + errors.Result);
            StringAssert.Contains(output, "built-in examples");
            StringAssert.Contains(output, "test accuracy");
            StringAssert.Contains(output, "positive");
            Assert.IsTrue(File.Exists(Path.Combine(work, "model.zip")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
