using System.Diagnostics;

namespace MLNet.Rnn.Tests.Serialization;

/// <summary>Runs a script of eng/ with Debian's PyTorch, or marks the test inconclusive when either is missing.</summary>
internal static class TorchPython
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> TorchAvailable = new(() => File.Exists(Python) && Run("-c", "import torch").Code == 0);

    public static (int Code, string Output) RunEngScript(string script, params string[] arguments)
    {
        if (!TorchAvailable.Value)
            Assert.Inconclusive($"{Python} with torch is not installed (apt-get install -y python3-torch libopenblas0-pthread); the PyTorch check was not run.");
        string? root = SerializationFiles.RepositoryRoot();
        string path = root is null ? "" : Path.Combine(root, "eng", script);
        if (!File.Exists(path))
            Assert.Inconclusive($"eng/{script} was not found (the repository root is not above the test binaries); the PyTorch check was not run.");
        return Run([path, .. arguments]);
    }

    private static (int Code, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }
}
