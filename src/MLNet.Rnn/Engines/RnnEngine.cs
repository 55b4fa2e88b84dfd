using MLNet.Rnn.Models;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Engines;

/// <summary>
/// Where a model trains, and optionally where it predicts: <see cref="Managed"/>, this library's own CPU engine (the
/// default), or another one such as the libtorch engine of the <c>MLNet.Rnn.TorchSharp</c> package. Every engine
/// trains the same model under the same parameter names, so whichever trained it, the saved model is the same.
/// </summary>
/// <remarks>
/// Choose one with <see cref="RnnOptions.Engine"/>, or let <c>MLContext.GpuDeviceId</c> choose. Engines come from this
/// library and its packages: what an engine provides is internal. The training loop (batches, schedules, validation,
/// early stopping, progress, cancellation, seeds) is <see cref="SequenceTrainer"/>'s and
/// <see cref="LanguageModelTrainer"/>'s; an engine provides the steps through an <see cref="ITrainingSession"/>.
/// </remarks>
public abstract class RnnEngine
{
    /// <summary>Only this library's assemblies derive engines (the members they provide are internal).</summary>
    private protected RnnEngine()
    {
    }

    /// <summary>The managed engine: this library's kernels on the CPU, no native code.</summary>
    public static RnnEngine Managed { get; } = new ManagedEngine();

    /// <summary>A short description for logs, e.g. <c>managed</c> or <c>TorchSharp on cuda:0</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Starts training <paramref name="model"/>, whose parameters (and normalizer) hold the initial state; the session
    /// hands the trained weights back through <see cref="ITrainingSession.ReadWeights"/>.
    /// </summary>
    internal abstract ITrainingSession StartTraining(SequenceModel model, TrainerOptions options);

    /// <summary>
    /// A scorer for a trained <paramref name="model"/> when this engine should also serve its predictions; null (the
    /// default) leaves them to the managed engine, which needs no native payload.
    /// </summary>
    internal virtual ISequenceScorer? CreateScorer(SequenceModel model) => null;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
