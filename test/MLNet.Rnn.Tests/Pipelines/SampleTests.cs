using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// The samples, as a user runs them: each training program trains, evaluates and saves its model, then the consuming
/// app loads it in a fresh process and predicts, from the repository root or from their own folders alike. The README
/// shows the sentiment sample's files verbatim.
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

        CollectionAssert.IsSubsetOf(new[] { "samples/Sentiment/SentimentModel.training.cs", "samples/Sentiment/Training/Program.cs", "samples/Sentiment/App/Program.cs", "samples/Sentiment/OnnxApp/Program.cs" },
            blocks.Select(b => b.Groups["file"].Value).ToArray());
        foreach (Match block in blocks)
        {
            string file = File.ReadAllText(Path.Combine(root, block.Groups["file"].Value)).ReplaceLineEndings("\n");
            Assert.AreEqual(file.TrimEnd(), block.Groups["code"].Value.TrimEnd(), $"update README.md from {block.Groups["file"].Value}");
        }
    }

    [TestMethod]
    public void TheSentimentSampleUsesTheSameDataAndModelFromTheRootAndFromItsOwnFolders()
    {
        // No arguments, as the README runs it: the sample looks for shared/datasets itself. The 1000 Yelp reviews train
        // for 8 epochs in seconds; without them, the built-in examples train as quickly.
        string root = RepositoryPaths.RequireRoot();
        using var model = new SetAsideModel("Sentiment", "SentimentModel.zip");
        using var onnx = new SetAsideModel("Sentiment", "SentimentModel.onnx");

        string trainedAtRoot = Run("Sentiment", "Training", root);
        string predictedInItsFolder = Run("Sentiment", "App", ProjectFolder("Sentiment", "App"));
        string predictedByOnnxRuntime = Run("Sentiment", "OnnxApp", ProjectFolder("Sentiment", "OnnxApp"));
        string trainedInItsFolder = Run("Sentiment", "Training", ProjectFolder("Sentiment", "Training"));
        string predictedAtRoot = Run("Sentiment", "App", root);

        string? datasets = RepositoryPaths.FindShared("datasets");
        StringAssert.Contains(trainedAtRoot, datasets is null
            ? "Training on the built-in examples"
            : $"Training on {Path.Combine(datasets, "sentiment-labelled-sentences", "yelp_labelled.txt")}\n");
        StringAssert.Contains(trainedAtRoot, $"Saved {model.Path}\n");
        // The same data, model and seed wherever it runs: the same report, and the same model's predictions.
        CollectionAssert.AreEqual(Report(trainedAtRoot), Report(trainedInItsFolder));
        StringAssert.StartsWith(predictedAtRoot, $"Predicting with {model.Path}\n");
        StringAssert.Contains(predictedAtRoot, "positive");
        StringAssert.Contains(predictedAtRoot, "negative");
        Assert.AreEqual(predictedAtRoot, predictedInItsFolder);
        // The converted model, in ONNX Runtime alone, predicts the same.
        StringAssert.Contains(trainedAtRoot, $"Saved {onnx.Path}\n");
        Assert.AreEqual(predictedAtRoot.Replace(model.Path, onnx.Path), predictedByOnnxRuntime);
    }

    [TestMethod]
    public void WithoutItsDatasetsTheSentimentSampleSaysWhereItLookedAndTrainsOnItsOwnReviews()
    {
        string folder = ProjectFolder("Sentiment", "Training");
        using var model = new SetAsideModel("Sentiment", "SentimentModel.zip");

        // A datasets folder that does not exist, relative to the current directory as a path argument is; one epoch.
        string training = Run("Sentiment", "Training", folder, "no-datasets", "1");

        string looked = Path.Combine(folder, "no-datasets", "sentiment-labelled-sentences", "yelp_labelled.txt");
        StringAssert.StartsWith(training, $"Training on the built-in examples. {looked} was not found");
        StringAssert.Contains(training, "Test accuracy");
        Assert.IsTrue(File.Exists(model.Path), training);
    }

    [TestMethod]
    public void TheSentimentAppWithoutItsModelSaysWhichCommandTrainsIt()
    {
        string root = RepositoryPaths.RequireRoot();
        using var model = new SetAsideModel("Sentiment", "SentimentModel.zip");
        string app = ChildProcess.BuiltProgram(Path.Combine("samples", "Sentiment", "App"), "Sentiment.App");

        // The command is written for where the app runs; the message is all it prints (no stack trace).
        foreach (var (folder, training) in new[] { (root, Path.Combine("samples", "Sentiment", "Training")), (ProjectFolder("Sentiment", "App"), Path.Combine("..", "Training")) })
        {
            var (code, output) = ChildProcess.Run("dotnet", folder, app);
            Assert.AreEqual(1, code, output);
            Assert.AreEqual($"{model.Path} was not found. Train the model first: dotnet run -c Release --project {training}", output.TrimEnd());
        }
    }

    [TestMethod]
    public void TheTaggingSampleTrainsSavesAndTheAppTags()
    {
        var output = RunPair("Tagging", "TaggingModel.zip", RepositoryPaths.Shared("datasets"), "1");
        StringAssert.Contains(output.Training, "Dev token accuracy");
        StringAssert.Contains(output.App, "fox/");
    }

    [TestMethod]
    public void TheLanguageModelSampleTrainsSavesAndTheAppGenerates()
    {
        var output = RunPair("LanguageModel", "CharacterModel.zip", RepositoryPaths.Shared("datasets"), "1");
        StringAssert.Contains(output.Training, "Held-out perplexity");
        StringAssert.Contains(output.App, "\nthe time traveller ");
        StringAssert.Contains(output.App, "perplexity");
    }

    [TestMethod]
    public void TheForecastingSampleTrainsSavesAndTheAppForecasts()
    {
        var output = RunPair("Forecasting", "ForecastingModel.zip", RepositoryPaths.Shared("datasets"), "5");
        StringAssert.Contains(output.Training, "next year as this year");
        StringAssert.Contains(output.App, "2009, after 40.4, 29.8, 15.2, 7.5, 2.9 in 2004-2008:");
    }

    [TestMethod]
    public void TheForecastingAppForecastsFromTheLastWindowOfTheSeries()
    {
        string root = RepositoryPaths.RequireRoot();
        var series = File.ReadLines(Path.Combine(RepositoryPaths.Shared("datasets"), "timeseries-statsmodels", "sunspots.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(fields => (Year: int.Parse(fields[0], CultureInfo.InvariantCulture), Value: float.Parse(fields[1], CultureInfo.InvariantCulture)))
            .ToList();
        string app = File.ReadAllText(Path.Combine(root, "samples", "Forecasting", "App", "Program.cs"));
        string consumption = File.ReadAllText(Path.Combine(root, "samples", "Forecasting", "ForecastingModel.consumption.cs"));

        // The window the training program's windows have (ForecastingModel.HistoryLength), ending with the series.
        var window = series[^int.Parse(HistoryLength().Match(consumption).Groups["steps"].Value, CultureInfo.InvariantCulture)..];
        float[] history = HistoryArray().Match(app).Groups["values"].Value.Split(',')
            .Select(value => float.Parse(value.Trim().TrimEnd('f'), CultureInfo.InvariantCulture)).ToArray();
        CollectionAssert.AreEqual(window.Select(step => step.Value).ToArray(), history);
        StringAssert.Contains(app, $"{window[0].Year}-{window[^1].Year}", "the comment names the window's years");
    }

    [GeneratedRegex("<!-- sample: (?<file>[^ ]+) -->\n```csharp\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex SampleBlock();

    [GeneratedRegex(@"const int HistoryLength = (?<steps>\d+);")]
    private static partial Regex HistoryLength();

    [GeneratedRegex(@"float\[\] history = \[(?<values>[^\]]*)\];")]
    private static partial Regex HistoryArray();

    /// <summary>Runs samples/<paramref name="sample"/>/Training with the datasets folder and the epochs, then App, from the repository root.</summary>
    private static (string Training, string App) RunPair(string sample, string modelFile, string datasets, string epochs)
    {
        string root = RepositoryPaths.RequireRoot();
        using var model = new SetAsideModel(sample, modelFile);
        return (Run(sample, "Training", root, datasets, epochs), Run(sample, "App", root));
    }

    /// <summary>Runs samples/<paramref name="sample"/>/<paramref name="program"/> (as built beside the tests) in <paramref name="folder"/>; what it printed.</summary>
    private static string Run(string sample, string program, string folder, params string[] arguments) =>
        ChildProcess.RunDotNetProgram(ChildProcess.BuiltProgram(Path.Combine("samples", sample, program), $"{sample}.{program}"), folder, arguments).ReplaceLineEndings("\n");

    private static string ProjectFolder(string sample, string program) => Path.Combine(RepositoryPaths.RequireRoot(), "samples", sample, program);

    /// <summary>The training program's own lines: what it trained on, its test metrics and where it saved the model (not the log's timings).</summary>
    private static string[] Report(string training) =>
        training.Split('\n').Where(line => line.StartsWith("Training on ", StringComparison.Ordinal) || line.StartsWith("Test ", StringComparison.Ordinal) || line.StartsWith("Saved ", StringComparison.Ordinal)).ToArray();
}
