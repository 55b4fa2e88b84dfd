namespace MLNet.Rnn.Engines;

/// <summary>Finds the GPU engine of the MLNet.Rnn.TorchSharp package, when the app has it, without referencing it.</summary>
internal static class GpuEngines
{
    private const string ProviderTypeName = "MLNet.Rnn.TorchSharp.CudaEngineProvider, MLNet.Rnn.TorchSharp";

    /// <summary>The engine for CUDA device <paramref name="deviceId"/>, or null with the reason.</summary>
    public static RnnEngine? TryCreate(int deviceId, out string unavailable)
    {
        var type = Type.GetType(ProviderTypeName, throwOnError: false);
        if (type is null || Activator.CreateInstance(type) is not IGpuEngineProvider provider)
        {
            unavailable = "the MLNet.Rnn.TorchSharp package is not referenced (a GPU app adds it with TorchSharp-cuda-linux or TorchSharp-cuda-windows)";
            return null;
        }
        var engine = provider.TryCreate(deviceId, out string? reason);
        unavailable = reason ?? "";
        return engine;
    }
}
