using System.Diagnostics;
using System.Text.Json.Nodes;
using MLNet.Rnn.Parity;

namespace MLNet.Rnn.Tests.Parity;

/// <summary>The recurrent module against PyTorch (float64 reference) through the parity contract.</summary>
[TestClass]
public sealed class RecurrentParityTests
{
    private const double Tolerance = 1e-4;

    public static IEnumerable<object[]> Fixtures() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "recurrent"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new object[] { Path.GetFileName(path) });

    [TestMethod]
    public void EveryConfigurationHasFixtures()
    {
        var names = Fixtures().Select(f => (string)f[0]).ToArray();
        Assert.IsGreaterThanOrEqualTo(40, names.Length);
        foreach (var mode in new[] { "lstm-", "gru-", "rnn_tanh-", "rnn_relu-" })
            foreach (var flag in new[] { "-l1-", "-l2-", "-l3-", "-bi-", "-uni-", "-packed-", "-padded-", "-bf-", "-tf-", "-bias-", "-nobias-", "-h0-", "-zero-" })
                Assert.IsTrue(names.Any(n => n.StartsWith(mode, StringComparison.Ordinal) && n.Contains(flag, StringComparison.Ordinal)), $"no {mode}*{flag}* fixture");
    }

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void CommittedFixtureMatchesPyTorch(string fileName)
    {
        var caseNode = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "recurrent", fileName)))!;
        var answer = ParityRunner.Answer(caseNode);
        ParityAssert.Matches(caseNode["expected"], answer, Tolerance, fileName);
    }

    /// <summary>
    /// Fresh random cases from <c>make_case.py</c>, when Debian's PyTorch and shared/parity are on this machine
    /// (the CI script installs them); <c>eng/parity_sweep.py</c> runs a longer sweep.
    /// </summary>
    [TestMethod]
    [DataRow(9001), DataRow(9002), DataRow(9003), DataRow(9004), DataRow(9005), DataRow(9006), DataRow(9007), DataRow(9008)]
    public void RandomCaseFromMakeCaseMatchesPyTorch(int seed)
    {
        var caseNode = SharedParity.MakeCase("recurrent", seed);
        var answer = ParityRunner.Answer(caseNode);
        ParityAssert.Matches(caseNode["expected"], answer, Tolerance, $"make_case.py recurrent --seed {seed}");
    }
}
