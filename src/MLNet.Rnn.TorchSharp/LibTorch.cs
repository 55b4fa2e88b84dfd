using TorchSharp;

namespace MLNet.Rnn.TorchSharp;

/// <summary>Loading libtorch, with an error that says what to do when it does not load.</summary>
internal static class LibTorch
{
    private static readonly Lazy<Exception?> LoadError = new(TryLoad);

    /// <summary>Throws a clear <see cref="InvalidOperationException"/> when the native libtorch cannot be used.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
        {
            throw new InvalidOperationException(
                "libtorch could not be loaded, so MLNet.Rnn.TorchSharp cannot run. The app must reference one of TorchSharp-cpu, " +
                "TorchSharp-cuda-linux or TorchSharp-cuda-windows (0.107.0). On Linux whose libstdc++ is older than GCC 13's " +
                "(Debian 12, Ubuntu 22.04), MLNet.Rnn.TorchSharp's build step marks libLibTorchSharp.so's GLIBCXX_3.4.32 " +
                "requirement weak in the build and publish output: run the app from that output. " + error.Message, error);
        }
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return e;
        }
    }
}
