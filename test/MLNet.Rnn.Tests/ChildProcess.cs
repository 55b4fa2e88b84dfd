using System.Diagnostics;

namespace MLNet.Rnn.Tests;

/// <summary>Runs other programs (dotnet, programs built beside the tests, Python) and collects what they print.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/>; returns its exit code and stdout followed by stderr.</summary>
    public static (int Code, string Output) Run(string program, string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        // Read both pipes at once: a child that fills one while we block on the other would hang.
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{program} {string.Join(' ', arguments)} did not finish");
        return (process.ExitCode, output + errors.Result);
    }

    /// <summary>The configuration the tests were built in (Release, Debug), which the projects they reference were built in too.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>A program of the repository built beside the tests, in the same configuration (the test project references it).</summary>
    public static string BuiltProgram(string projectFolder, string assemblyName)
    {
        string dll = Path.Combine(RepositoryPaths.RequireRoot(), projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        Assert.IsTrue(File.Exists(dll), $"{dll} is missing; build the solution first.");
        return dll;
    }

    /// <summary>Runs a .NET program and asserts it succeeds; returns what it printed.</summary>
    public static string RunDotNetProgram(string dll, string workingDirectory, params string[] arguments)
    {
        var (code, output) = Run("dotnet", workingDirectory, [dll, .. arguments]);
        Assert.AreEqual(0, code, output);
        return output;
    }
}
