using TorchSharp;

namespace MLNet.Rnn.TorchSharp;

/// <summary>Loading libtorch, with a reason that says what to do when it does not load.</summary>
internal static class LibTorch
{
    private static readonly Lazy<(string Reason, Exception? Cause)?> Problem = new(Load);

    /// <summary>Why libtorch cannot be used, as a clause ("..., so the app has no libtorch ..."), or null once it is loaded.</summary>
    public static string? Unavailable => Problem.Value?.Reason;

    /// <summary>Throws a clear <see cref="InvalidOperationException"/> when the native libtorch cannot be used.</summary>
    public static void EnsureLoaded()
    {
        if (Problem.Value is var (reason, cause))
            throw new InvalidOperationException($"MLNet.Rnn.TorchSharp cannot run: {reason}.", cause);
    }

    private static (string, Exception?)? Load()
    {
        if (AppLacksLibTorch())
        {
            string version = typeof(torch).Assembly.GetName().Version!.ToString(3);
            return ("TorchSharp-cuda-linux / TorchSharp-cuda-windows (or TorchSharp-cpu) is not referenced, so the app has no " +
                $"libtorch to load (add the package for its platform, version {version}, beside MLNet.Rnn.TorchSharp)", null);
        }
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return ("libtorch could not be loaded (on Linux whose libstdc++ is older than GCC 13's, as Debian 12's and Ubuntu " +
                "22.04's, run the app from its build or publish output, where MLNet.Rnn.TorchSharp's build step lets " +
                $"libLibTorchSharp.so load): {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether an app that carries TorchSharp's bindings lacks libtorch among its own native libraries (the folders
    /// its host resolved from its deps.json). TorchSharp's package holds the bindings alone; without libtorch, its
    /// loader tries the system's libraries (Debian's PyTorch installs libtorch 1.13), then copies half a gigabyte
    /// of libtorch out of the NuGet cache into the app's folder and prints its trace: the app would run on its
    /// developer's machine and fail on the next. A notebook or script, whose TorchSharp.dll stays in the NuGet cache,
    /// is left to that loader, which is made for it.
    /// </summary>
    private static bool AppLacksLibTorch()
    {
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")) || AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is not string folders)
            return false;
        string torchCpu = OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        return !folders.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, torchCpu)));
    }
}
