using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Data that trains without an error but cannot teach says so in mlContext.Log, as a warning, before training.</summary>
[TestClass]
public sealed class TrainingWarningTests
{
    private static readonly RnnOptions Small = new() { Task = RnnTask.Classification, InputColumnName = "Text", LabelColumnName = "Label", HiddenSize = 4, EmbeddingSize = 4, Epochs = 1, BatchSize = 8 };

    /// <summary>The warnings Fit logged from our estimator.</summary>
    private static List<string> Warnings(RnnOptions options, IEnumerable<BinaryReview> rows)
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Source.StartsWith("RnnEstimator", StringComparison.Ordinal))
                lock (warnings) warnings.Add(e.RawMessage);
        };
        ml.Transforms.Rnn(options).Fit(ml.Data.LoadFromEnumerable(rows));
        return warnings;
    }

    private static List<BinaryReview> Reviews(int count) => TestRows.Reviews(count, 1).Select((r, i) => new BinaryReview { Text = r.Text, Label = i % 2 == 0 }).ToList();

    [TestMethod]
    public void UsefulDataTrainsWithoutWarnings() => Assert.IsEmpty(Warnings(Small, Reviews(40)));

    [TestMethod]
    public void EveryTextEmptyLeavesAVocabularyOfReservedTokensOnly()
    {
        var warnings = Warnings(Small, Reviews(40).Select(r => new BinaryReview { Text = " ", Label = r.Label }));

        Assert.IsTrue(warnings.Any(w => w.Contains("holds only the padding and unknown tokens")), string.Join(" | ", warnings));
    }

    [TestMethod]
    public void AMinTokenFrequencyAboveEveryCountLeavesAVocabularyOfReservedTokensOnly()
    {
        var warnings = Warnings(Small with { MinTokenFrequency = 1000 }, Reviews(40));

        Assert.IsTrue(warnings.Any(w => w.Contains("holds only the padding and unknown tokens") && w.Contains("MinTokenFrequency = 1000")), string.Join(" | ", warnings));
    }

    [TestMethod]
    public void ABinaryLabelThatIsAlwaysTheSameCannotBeLearned()
    {
        var warnings = Warnings(Small, Reviews(40).Select(r => new BinaryReview { Text = r.Text, Label = true }));

        Assert.IsTrue(warnings.Any(w => w.Contains("Every training row has the same label in 'Label'")), string.Join(" | ", warnings));
    }

    [TestMethod]
    public void AValidationSplitThatLeavesLessThanABatchIsSaidSo()
    {
        var warnings = Warnings(Small with { BatchSize = 32, ValidationFraction = 0.5 }, Reviews(40));

        Assert.IsTrue(warnings.Any(w => w.Contains("ValidationFraction = 0.5 holds out 20 of 40 training rows and leaves 20, fewer than one batch (BatchSize = 32)")), string.Join(" | ", warnings));
    }
}
