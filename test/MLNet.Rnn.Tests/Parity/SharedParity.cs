using System.Text.Json.Nodes;

namespace MLNet.Rnn.Tests.Parity;

/// <summary>Runs <c>../shared/parity/make_case.py</c> with Debian's PyTorch, or marks the test inconclusive when either is missing.</summary>
internal static class SharedParity
{
    public static JsonNode MakeCase(string kind, int seed)
    {
        string script = Path.Combine(RepositoryPaths.Shared("parity"), "make_case.py");
        string output = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{kind}-{seed}-{Environment.ProcessId}.json");
        try
        {
            var (code, messages) = TorchPython.RunScript(script, kind, output, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.AreEqual(0, code, $"make_case.py failed: {messages}");
            return JsonNode.Parse(File.ReadAllText(output))!;
        }
        finally
        {
            File.Delete(output);
        }
    }
}
