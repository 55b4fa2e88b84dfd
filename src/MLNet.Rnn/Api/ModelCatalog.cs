using MLNet.Rnn.Serialization;

namespace MLNet.Rnn;

/// <summary>Saving and loading <c>model.zip</c> files, and prediction engines.</summary>
/// <remarks>
/// A <c>model.zip</c> holds <c>manifest.json</c> (format and library version, task, options, columns,
/// vocabulary, label names, normalisation statistics) and <c>weights.safetensors</c> with PyTorch's parameter
/// names, which Python loads with <c>safetensors.torch.load_file</c>. Saving is atomic; loading validates
/// everything before building anything, executes nothing, and leaves nothing changed when it fails.
/// </remarks>
public sealed class ModelCatalog
{
    internal ModelCatalog()
    {
    }

    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/> (written to a temporary file, then renamed).</summary>
    public void Save(RnnTransformer model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        model.Save(path);
    }

    /// <summary>Loads a transformer saved by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid model of a supported version (the message says what is wrong).</exception>
    public RnnTransformer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (manifest, weights) = ModelArchive.Load(path);
        return ModelManifest.Restore(manifest, weights);
    }

    /// <summary>A prediction engine from typed inputs to typed outputs.</summary>
    public RnnPredictionEngine<TInput, TOutput> CreatePredictionEngine<TInput, TOutput>(RnnTransformer model)
        where TInput : class
        where TOutput : class, new()
    {
        ArgumentNullException.ThrowIfNull(model);
        return new RnnPredictionEngine<TInput, TOutput>(model);
    }
}
