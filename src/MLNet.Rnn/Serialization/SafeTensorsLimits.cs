namespace MLNet.Rnn.Serialization;

/// <summary>
/// Bounds on what <see cref="SafeTensors.Read(Stream, SafeTensorsLimits?)"/> accepts, checked before anything of
/// that size is allocated, so a hostile or corrupt file cannot make the reader exhaust memory.
/// </summary>
internal sealed record SafeTensorsLimits
{
    /// <summary>The limits used when none are given.</summary>
    public static SafeTensorsLimits Default { get; } = new();

    /// <summary>The largest JSON header accepted, in bytes (default 100 MB, as in the reference implementation).</summary>
    public long MaxHeaderBytes { get; init; } = 100_000_000;

    /// <summary>The largest number of elements over all tensors together (default 2^30, 4 GiB of float32).</summary>
    public long MaxTotalElements { get; init; } = 1L << 30;
}
