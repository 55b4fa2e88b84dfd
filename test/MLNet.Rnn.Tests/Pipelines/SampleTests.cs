using System.Text.RegularExpressions;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// The samples, as a user runs them: each training program trains, evaluates and saves its model, then the consuming
/// app loads it in a fresh process and predicts. The README shows the sentiment sample's files verbatim.
/// </summary>
[TestClass]
public sealed partial class SampleTests
{
    [TestMethod]
    public void TheReadmeShowsTheSentimentSampleFilesVerbatim()
    {
        string root = RepositoryPaths.RequireRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        var blocks = SampleBlock().Matches(readme);

        CollectionAssert.IsSubsetOf(new[] { "samples/Sentiment/SentimentModel.training.cs", "samples/Sentiment/Training/Program.cs", "samples/Sentiment/App/Program.cs" },
            blocks.Select(b => b.Groups["file"].Value).ToArray());
        foreach (Match block in blocks)
        {
            string file = File.ReadAllText(Path.Combine(root, block.Groups["file"].Value)).ReplaceLineEndings("\n");
            Assert.AreEqual(file.TrimEnd(), block.Groups["code"].Value.TrimEnd(), $"update README.md from {block.Groups["file"].Value}");
        }
    }

    [TestMethod]
    public void TheSentimentSampleTrainsSavesAndTheAppPredicts()
    {
        // A datasets folder that does not exist: the sample trains on reviews of its own, which is quick.
        var output = RunPair("Sentiment", "no-datasets", "4");
        StringAssert.Contains(output.Training, "Training on the built-in examples");
        StringAssert.Contains(output.Training, "Test accuracy");
        StringAssert.Contains(output.App, "positive");
        StringAssert.Contains(output.App, "negative");
    }

    [TestMethod]
    public void TheTaggingSampleTrainsSavesAndTheAppTags()
    {
        var output = RunPair("Tagging", RepositoryPaths.Shared("datasets"), "1");
        StringAssert.Contains(output.Training, "Dev token accuracy");
        StringAssert.Contains(output.App, "fox/");
    }

    [TestMethod]
    public void TheLanguageModelSampleTrainsSavesAndTheAppGenerates()
    {
        var output = RunPair("LanguageModel", RepositoryPaths.Shared("datasets"), "1");
        StringAssert.Contains(output.Training, "Held-out perplexity");
        StringAssert.StartsWith(output.App, "the time traveller ");
        StringAssert.Contains(output.App, "perplexity");
    }

    [TestMethod]
    public void TheForecastingSampleTrainsSavesAndTheAppForecasts()
    {
        var output = RunPair("Forecasting", RepositoryPaths.Shared("datasets"), "5");
        StringAssert.Contains(output.Training, "next year as this year");
        StringAssert.Contains(output.App, "After 17.5, 8.6, 21.5, 64.3, 93.3:");
    }

    [GeneratedRegex("<!-- sample: (?<file>[^ ]+) -->\n```csharp\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex SampleBlock();

    /// <summary>Runs samples/<paramref name="sample"/>/Training then App in a fresh working folder, as the README does.</summary>
    private static (string Training, string App) RunPair(string sample, string datasets, string epochs)
    {
        string work = Directory.CreateTempSubdirectory($"mlnet-rnn-{sample}-").FullName;
        try
        {
            string training = ChildProcess.RunDotNetProgram(ChildProcess.BuiltProgram(Path.Combine("samples", sample, "Training"), $"{sample}.Training"), work, Path.Combine(work, datasets), epochs);
            string app = ChildProcess.RunDotNetProgram(ChildProcess.BuiltProgram(Path.Combine("samples", sample, "App"), $"{sample}.App"), work);
            return (training, app);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
