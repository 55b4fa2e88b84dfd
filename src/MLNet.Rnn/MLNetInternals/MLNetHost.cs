using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.Rnn;

/// <summary>
/// What ML.NET's catalogs and hosts know but keep internal: the environment behind a catalog, whether it was cancelled,
/// and the GPU settings of its <c>MLContext</c>.
/// </summary>
internal static class MLNetHost
{
    /// <summary>The <c>MLContext</c> (as its environment) a catalog of it belongs to.</summary>
    public static IHostEnvironment EnvironmentOf(IInternalCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Environment;
    }

    /// <summary>Whether the environment was told to stop (ML.NET cancels a host's children with it).</summary>
    public static bool IsCancelled(IHostEnvironment environment) => environment is ICancelable { IsCanceled: true };

    /// <summary>Throws ML.NET's own <see cref="OperationCanceledException"/> when the environment was told to stop, as its trainers do.</summary>
    public static void ThrowIfCancelled(IHostEnvironment environment) => environment.CheckAlive();

    /// <summary><c>MLContext.GpuDeviceId</c>: the CUDA device to train on, or null for the CPU.</summary>
    public static int? GpuDeviceId(IHostEnvironment environment) => (environment as IHostEnvironmentInternal)?.GpuDeviceId;

    /// <summary><c>MLContext.FallbackToCpu</c>: whether to train on the CPU when the GPU cannot be used.</summary>
    public static bool FallbackToCpu(IHostEnvironment environment) => (environment as IHostEnvironmentInternal)?.FallbackToCpu ?? true;
}
