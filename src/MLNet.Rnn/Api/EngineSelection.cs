using Microsoft.ML.Runtime;
using MLNet.Rnn.Engines;

namespace MLNet.Rnn;

/// <summary>
/// Picks the training engine the way ML.NET's own TorchSharp components pick a device: an engine in the options wins;
/// otherwise <c>MLContext.GpuDeviceId</c> set means CUDA, and when CUDA cannot be had, <c>MLContext.FallbackToCpu</c>
/// decides between the managed engine (with a log message) and an error naming <c>GpuDeviceId</c>.
/// </summary>
internal static class EngineSelection
{
    public static RnnEngine Choose(RnnEngine? chosen, IHostEnvironment environment, IChannel channel)
    {
        if (chosen is not null)
            return chosen;
        if (MLNetHost.GpuDeviceId(environment) is not { } device)
            return RnnEngine.Managed;
        if (GpuEngines.TryCreate(device, out string unavailable) is { } engine)
            return engine;
        if (!MLNetHost.FallbackToCpu(environment))
            throw new InvalidOperationException($"MLContext.GpuDeviceId is {device}, but {unavailable}. Set MLContext.FallbackToCpu = true to train on the CPU instead, or GpuDeviceId = null.");
        channel.Warning(MessageSensitivity.None, $"MLContext.GpuDeviceId is {device}, but {unavailable}; training on the CPU with the managed engine, as MLContext.FallbackToCpu is true.");
        return RnnEngine.Managed;
    }
}
