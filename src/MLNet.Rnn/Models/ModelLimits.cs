namespace MLNet.Rnn.Models;

/// <summary>
/// The largest models this library builds, checked before anything is allocated, at <c>Fit</c> and when a saved model
/// loads: a manifest (or options) asking for more is refused rather than left to allocate gigabytes or run for minutes.
/// Each bound is far above what a recurrent model of this kind uses.
/// </summary>
internal static class ModelLimits
{
    /// <summary>Hidden features per direction.</summary>
    public const int MaxHiddenSize = 16_384;

    /// <summary>Stacked recurrent layers.</summary>
    public const int MaxLayers = 64;

    /// <summary>Embedding width, and numeric features per step.</summary>
    public const int MaxWidth = 65_536;

    /// <summary>Token ids (vocabulary size), and head outputs (classes, values, tags).</summary>
    public const int MaxVocabulary = 10_000_000;

    /// <summary>Scalar parameters in all (4 GiB of float32), as the model file's own bound.</summary>
    public const long MaxParameters = 1L << 30;
}
