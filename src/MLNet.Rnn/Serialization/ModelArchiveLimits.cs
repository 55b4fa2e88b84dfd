namespace MLNet.Rnn.Serialization;

/// <summary>
/// Bounds on what <see cref="ModelArchive.Load(Stream, ModelArchiveLimits?)"/> reads, checked against each zip
/// entry's declared size before reading it and against the bytes actually inflated while reading.
/// </summary>
public sealed record ModelArchiveLimits
{
    /// <summary>The limits used when none are given.</summary>
    public static ModelArchiveLimits Default { get; } = new();

    /// <summary>The largest <c>manifest.json</c>, in bytes (default 64 MiB, room for a large vocabulary).</summary>
    public long MaxManifestBytes { get; init; } = 64L << 20;

    /// <summary>The largest <c>weights.safetensors</c>, in bytes (default 8 GiB).</summary>
    public long MaxWeightsBytes { get; init; } = 8L << 30;

    /// <summary>The limits applied to the weights file itself.</summary>
    public SafeTensorsLimits SafeTensors { get; init; } = SafeTensorsLimits.Default;
}
