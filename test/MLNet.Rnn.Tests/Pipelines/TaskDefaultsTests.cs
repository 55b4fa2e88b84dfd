using System.Globalization;
using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>One set of defaults per task, whichever way the estimator is made, and the README's table is that set.</summary>
[TestClass]
public sealed class TaskDefaultsTests
{
    private static readonly MLContext Ml = new(seed: 1);

    /// <summary>Each task's estimator from its catalog method, and from Transforms.Rnn with only the task set.</summary>
    private static IEnumerable<(RnnTask Task, RnnEstimator FromCatalog, RnnEstimator FromOptions)> Estimators() =>
    [
        (RnnTask.Classification, Ml.MulticlassClassification.Trainers.Rnn(), Ml.Transforms.Rnn(new RnnOptions())),
        (RnnTask.Regression, Ml.Regression.Trainers.Rnn(), Ml.Transforms.Rnn(new RnnOptions { Task = RnnTask.Regression })),
        (RnnTask.Forecasting, Ml.Forecasting.ForecastByRnn(), Ml.Transforms.Rnn(new RnnOptions { Task = RnnTask.Forecasting })),
        (RnnTask.Tagging, Ml.MulticlassClassification.Trainers.RnnTagger(), Ml.Transforms.Rnn(new RnnOptions { Task = RnnTask.Tagging })),
        (RnnTask.LanguageModel, Ml.Transforms.Text.RnnLanguageModel(), Ml.Transforms.Rnn(new RnnOptions { Task = RnnTask.LanguageModel })),
    ];

    [TestMethod]
    public void EveryWayToATaskTrainsTheSameModel()
    {
        foreach (var (task, fromCatalog, fromOptions) in Estimators())
        {
            // Columns differ by design (each catalog method names its task's usual columns); the model must not.
            var columns = fromOptions.Options with { InputColumnName = fromCatalog.Options.InputColumnName, LabelColumnName = fromCatalog.Options.LabelColumnName };
            Assert.AreEqual(fromCatalog.Options, columns, $"{task}");
        }
    }

    [TestMethod]
    public void TheReadmesTableIsTheDefaults()
    {
        var rows = ReadmeTable();
        foreach (var (task, estimator, _) in Estimators())
        {
            var o = estimator.Options;
            string name = task switch
            {
                RnnTask.Regression or RnnTask.Forecasting => "regression, forecasting",
                RnnTask.LanguageModel => "language model",
                _ => task.ToString().ToLowerInvariant(),
            };
            string[] expected =
            [
                name, o.Cell == RecurrentCell.Lstm ? "LSTM" : o.Cell!.Value.ToString().ToUpperInvariant(), $"{o.HiddenSize}", o.Bidirectional == true ? "yes" : "no",
                $"{o.EmbeddingSize}", o.Tokenization!.Value.ToString().ToLowerInvariant(), $"{o.Epochs}", $"{o.BatchSize}", o.LearningRate!.Value.ToString("0e0", CultureInfo.InvariantCulture),
                o.ClipGradientNorm == 0 ? "none" : o.ClipGradientNorm!.Value.ToString(CultureInfo.InvariantCulture),
                o.WordDropout!.Value.ToString(CultureInfo.InvariantCulture), o.Crf == true ? "yes" : "no", $"{o.CharacterFeatures}",
            ];
            CollectionAssert.AreEqual(expected, rows[name], $"the README's row for {name}");
        }
    }

    /// <summary>The rows of the README's defaults table, by task.</summary>
    private static Dictionary<string, string[]> ReadmeTable()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.RequireRoot(), "README.md"));
        int header = Array.FindIndex(lines, l => l.StartsWith("| task | cell | hidden |", StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, header, "the README has the defaults table");
        return lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(cells => cells[0]);
    }
}
