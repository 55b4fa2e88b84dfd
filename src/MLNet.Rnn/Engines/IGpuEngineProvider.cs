namespace MLNet.Rnn.Engines;

/// <summary>
/// Makes the GPU engine for <c>MLContext.GpuDeviceId</c>. MLNet.Rnn looks for the one of the MLNet.Rnn.TorchSharp
/// package by name (<see cref="GpuEngines"/>), so an app that never references that package never loads it or libtorch.
/// </summary>
internal interface IGpuEngineProvider
{
    /// <summary>The engine for CUDA device <paramref name="deviceId"/>, or null with the reason it cannot be had.</summary>
    RnnEngine? TryCreate(int deviceId, out string? unavailable);
}
