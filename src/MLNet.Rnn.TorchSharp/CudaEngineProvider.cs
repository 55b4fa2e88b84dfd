using MLNet.Rnn.Engines;

namespace MLNet.Rnn.TorchSharp;

/// <summary>What MLNet.Rnn finds, by name, when <c>MLContext.GpuDeviceId</c> is set: the CUDA engine, if libtorch has CUDA.</summary>
internal sealed class CudaEngineProvider : IGpuEngineProvider
{
    /// <inheritdoc/>
    public RnnEngine? TryCreate(int deviceId, out string? unavailable) => TorchSharpEngine.TryCuda(deviceId, servePredictions: false, out unavailable);
}
