using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Training;
using TorchSharp;

namespace MLNet.Rnn.TorchSharp;

/// <summary>
/// Trains MLNet.Rnn's models on libtorch 2.10 through TorchSharp, on a CUDA GPU or libtorch's CPU: the same model
/// (<c>nn.LSTM</c>/<c>nn.GRU</c>/<c>nn.RNN</c> over packed batches, the same heads), libtorch's own optimizers and
/// clipping, and the trainers' loop (batches, schedules, validation, early stopping, progress, cancellation, seeds).
/// The trained weights land in the model under the same names, so the model.zip is the same whichever engine trained
/// it, and the managed engine serves it unless <see cref="ServePredictions"/> asks for libtorch.
/// </summary>
/// <example>
/// ML.NET's convention needs no code: set <c>mlContext.GpuDeviceId = 0</c> and reference this package with
/// TorchSharp-cuda-linux or TorchSharp-cuda-windows. To choose explicitly (libtorch's CPU, say, to compare):
/// <code>mlContext.Transforms.Rnn(options with { Engine = TorchSharpEngine.Cpu() })</code>
/// </example>
public sealed class TorchSharpEngine : RnnEngine
{
    private TorchSharpEngine(string device, bool servePredictions)
    {
        Device = device;
        ServePredictions = servePredictions;
    }

    /// <summary>The libtorch device: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public string Device { get; }

    /// <summary>Whether transformers trained on this engine also predict on it (otherwise the managed engine does, with no native payload).</summary>
    public bool ServePredictions { get; }

    /// <inheritdoc/>
    public override string Name => $"TorchSharp (libtorch) on {Device}";

    /// <summary>libtorch on the CPU.</summary>
    /// <exception cref="InvalidOperationException">libtorch cannot be loaded (the message says which package the app lacks, or why).</exception>
    public static TorchSharpEngine Cpu(bool servePredictions = false)
    {
        LibTorch.EnsureLoaded();
        return new("cpu", servePredictions);
    }

    /// <summary>libtorch on CUDA device <paramref name="deviceId"/>.</summary>
    /// <exception cref="InvalidOperationException">libtorch or CUDA is not available (the message says why).</exception>
    public static TorchSharpEngine Cuda(int deviceId = 0, bool servePredictions = false) =>
        TryCuda(deviceId, servePredictions, out string? unavailable) ?? throw new InvalidOperationException(unavailable);

    /// <summary>
    /// libtorch on CUDA device <paramref name="deviceId"/>, or null with the reason when libtorch (the app lacks its
    /// package, say) or CUDA is not available, so that <c>MLContext.FallbackToCpu</c> can fall back in either case.
    /// </summary>
    public static TorchSharpEngine? TryCuda(int deviceId, bool servePredictions, out string? unavailable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        unavailable = LibTorch.Unavailable ?? (!torch.cuda.is_available()
            ? "CUDA is not available to libtorch (is the app referencing TorchSharp-cuda-linux or TorchSharp-cuda-windows, and is there an NVIDIA driver?)"
            : deviceId >= torch.cuda.device_count() ? $"there is no CUDA device {deviceId} (libtorch sees {torch.cuda.device_count()})" : null);
        return unavailable is null ? new TorchSharpEngine($"cuda:{deviceId}", servePredictions) : null;
    }

    /// <inheritdoc/>
    internal override ITrainingSession StartTraining(SequenceModel model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return new TorchTrainingSession(model, options, torch.device(Device));
    }

    /// <inheritdoc/>
    internal override ISequenceScorer? CreateScorer(SequenceModel model) => ServePredictions ? new TorchScorer(model, torch.device(Device)) : null;
}
