namespace MLNet.Rnn.Tests;

/// <summary>Runs Python scripts with Debian's PyTorch, or marks the test inconclusive when either is missing.</summary>
internal static class TorchPython
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> TorchAvailable = new(() => File.Exists(Python) && Run("-c", "import torch").Code == 0);

    /// <summary>Runs <paramref name="script"/> with its arguments; returns the exit code and stdout followed by stderr.</summary>
    public static (int Code, string Output) RunScript(string script, params string[] arguments)
    {
        if (!TorchAvailable.Value)
            Assert.Inconclusive($"{Python} with torch is not installed (apt-get install -y python3-torch libopenblas0-pthread); this PyTorch check was not run.");
        return Run([script, .. arguments]);
    }

    /// <summary>Runs a script of the repository's eng/ folder.</summary>
    public static (int Code, string Output) RunEngScript(string script, params string[] arguments)
    {
        string? root = RepositoryPaths.Root();
        string path = root is null ? "" : Path.Combine(root, "eng", script);
        if (!File.Exists(path))
            Assert.Inconclusive($"eng/{script} was not found (the repository root is not above the test binaries); the PyTorch check was not run.");
        return RunScript(path, arguments);
    }

    private static (int Code, string Output) Run(params string[] arguments) => ChildProcess.Run(Python, null, arguments);
}
