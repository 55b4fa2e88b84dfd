using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MLNet.Rnn.Tests.Parity;

/// <summary>Runs <c>../shared/parity/make_case.py</c> with Debian's PyTorch, or marks the test inconclusive when either is missing.</summary>
internal static class SharedParity
{
    private const string Python = "/usr/bin/python3";

    public static JsonNode MakeCase(string kind, int seed)
    {
        string script = Path.Combine(SharedDirectory.Find("parity"), "make_case.py");
        if (!File.Exists(Python) || !TorchAvailable.Value)
            Assert.Inconclusive($"{Python} with torch is not installed (apt-get install -y python3-torch libopenblas0-pthread); the random parity case was not run.");
        string output = Path.Combine(Path.GetTempPath(), $"mlnet-rnn-{kind}-{seed}-{Environment.ProcessId}.json");
        try
        {
            var (code, errors) = Run(script, kind, output, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.AreEqual(0, code, $"make_case.py failed: {errors}");
            return JsonNode.Parse(File.ReadAllText(output))!;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static readonly Lazy<bool> TorchAvailable = new(() => File.Exists(Python) && Run("-c", "import torch").Code == 0);

    private static (int Code, string Errors) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, errors);
    }
}
