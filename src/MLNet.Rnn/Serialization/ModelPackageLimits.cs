namespace MLNet.Rnn.Serialization;

/// <summary>Bounds on what <see cref="ModelPackage"/> reads, checked against each part's real length before reading it.</summary>
internal sealed record ModelPackageLimits
{
    /// <summary>The limits used when none are given.</summary>
    public static ModelPackageLimits Default { get; } = new();

    /// <summary>The largest <c>manifest.json</c>, in bytes (default 64 MiB, room for a large vocabulary).</summary>
    public long MaxManifestBytes { get; init; } = 64L << 20;

    /// <summary>The largest <c>weights.safetensors</c>, in bytes (default 8 GiB).</summary>
    public long MaxWeightsBytes { get; init; } = 8L << 30;

    /// <summary>The limits applied to the weights file itself.</summary>
    public SafeTensorsLimits SafeTensors { get; init; } = SafeTensorsLimits.Default;
}
