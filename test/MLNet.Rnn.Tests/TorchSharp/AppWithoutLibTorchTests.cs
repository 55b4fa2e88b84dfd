using System.Text.RegularExpressions;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>
/// An app that references MLNet.Rnn.TorchSharp but no libtorch package (test/MLNet.Rnn.AppWithoutLibTorch), run as its
/// user runs it: GpuDeviceId with FallbackToCpu trains on the managed engine with a warning naming the missing package;
/// without FallbackToCpu, and with TorchSharpEngine.Cpu(), the error names it. libtorch is never in the app's folder,
/// before or after a run (TorchSharp's own loader would copy it there from the NuGet cache).
/// </summary>
[TestClass]
public sealed partial class AppWithoutLibTorchTests
{
    private const string Missing = "TorchSharp-cuda-linux / TorchSharp-cuda-windows (or TorchSharp-cpu) is not referenced, so the app has no libtorch to load";

    // libtorch's libraries as each platform names them (libtorch_cpu.so, torch_cpu.dll, libc10.dylib, ...), not
    // TorchSharp's bindings (TorchSharp.dll, libLibTorchSharp.so), which come with its package.
    [GeneratedRegex(@"^(lib)?(torch|c10)([_.]|$)")]
    private static partial Regex LibTorchFile();

    private static string AppFolder() =>
        Path.GetDirectoryName(ChildProcess.BuiltProgram(Path.Combine("test", "MLNet.Rnn.AppWithoutLibTorch"), "MLNet.Rnn.AppWithoutLibTorch"))!;

    private static void AssertNoLibTorchIn(string folder, string when)
    {
        var libtorch = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => LibTorchFile().IsMatch(Path.GetFileName(f))).ToList();
        Assert.IsEmpty(libtorch, $"libtorch in the app's folder {when}: {string.Join(", ", libtorch)}");
    }

    private static (int Code, string Output) RunApp(string mode)
    {
        string folder = AppFolder();
        AssertNoLibTorchIn(folder, "as built");
        var result = ChildProcess.Run("dotnet", folder, Path.Combine(folder, "MLNet.Rnn.AppWithoutLibTorch.dll"), mode);
        AssertNoLibTorchIn(folder, $"after it ran ({mode})");
        StringAssert.DoesNotMatch(result.Output, new Regex("LoadNativeBackend"), "TorchSharp's loader printed its trace");
        return result;
    }

    [TestMethod]
    public void TheAppHasTorchSharpsBindingsButNoLibTorch()
    {
        string folder = AppFolder();

        Assert.IsTrue(File.Exists(Path.Combine(folder, "TorchSharp.dll")), "TorchSharp.dll");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "runtimes", "linux-x64", "native", "libLibTorchSharp.so")), "libLibTorchSharp.so");
        AssertNoLibTorchIn(folder, "as built");
    }

    [TestMethod]
    public void GpuDeviceIdWithFallbackTrainsOnTheManagedEngineAndTheWarningNamesThePackage()
    {
        var (code, output) = RunApp("fallback");

        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, $"Warning: MLContext.GpuDeviceId is 0, but {Missing}", output);
        StringAssert.Contains(output, "training on the CPU with the managed engine, as MLContext.FallbackToCpu is true.", output);
        StringAssert.Contains(output, "Info: Training on the managed engine.", output);
        StringAssert.Contains(output, "Trained for 1 epoch(s).", output);
    }

    [TestMethod]
    public void GpuDeviceIdWithoutFallbackIsAnErrorNamingGpuDeviceIdAndThePackage()
    {
        var (code, output) = RunApp("no-fallback");

        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, $"System.InvalidOperationException: MLContext.GpuDeviceId is 0, but {Missing}", output);
        StringAssert.Contains(output, "Set MLContext.FallbackToCpu = true", output);
    }

    [TestMethod]
    public void TorchSharpEngineCpuIsAnErrorNamingThePackage()
    {
        var (code, output) = RunApp("torchsharp-cpu");

        Assert.AreEqual(1, code, output);
        StringAssert.StartsWith(output, $"System.InvalidOperationException: MLNet.Rnn.TorchSharp cannot run: {Missing}", output);
    }
}
