using System.Text.Json.Nodes;
using MLNet.Rnn.Parity;

namespace MLNet.Rnn.Tests.Parity;

/// <summary>Whole models trained for a few steps (heads, losses, optimizers, clipping) against PyTorch.</summary>
[TestClass]
public sealed class TrainParityTests
{
    private const double Tolerance = 1e-3;

    public static IEnumerable<object[]> Fixtures() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "train"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new object[] { Path.GetFileName(path) });

    [TestMethod]
    public void EveryHeadLossOptimizerAndClippingHasFixtures()
    {
        var names = Fixtures().Select(f => (string)f[0]).ToArray();
        Assert.IsGreaterThanOrEqualTo(30, names.Length);
        foreach (var part in new[] { "last-", "mean-", "max-", "per_step-", "-cross_entropy-", "-mse-", "-lstm-", "-gru-", "-rnn_tanh-",
                     "-sgd-", "-adam-", "-adamw-", "-clip0-", "-clip0.5-", "-clip5-", "-tokens-", "-features-" })
            Assert.IsTrue(names.Any(n => n.Contains(part, StringComparison.Ordinal)), $"no fixture with {part}");
    }

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void CommittedFixtureMatchesPyTorch(string fileName)
    {
        var caseNode = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "train", fileName)))!;
        ParityAssert.Matches(caseNode["expected"], ParityRunner.Answer(caseNode), Tolerance, fileName);
    }

    [TestMethod]
    [DataRow(9101), DataRow(9102), DataRow(9103), DataRow(9104), DataRow(9105), DataRow(9106)]
    public void RandomCaseFromMakeCaseMatchesPyTorch(int seed)
    {
        var caseNode = SharedParity.MakeCase("train", seed);
        ParityAssert.Matches(caseNode["expected"], ParityRunner.Answer(caseNode), Tolerance, $"make_case.py train --seed {seed}");
    }
}
