namespace MLNet.Rnn.Compute;

/// <summary>Grow-only work buffers: reused across batches, reallocated only when a larger batch needs more.</summary>
internal static class Buffers
{
    /// <summary>Makes <paramref name="buffer"/> hold at least <paramref name="length"/> elements (contents not kept when it grows).</summary>
    public static void Grow<T>(ref T[] buffer, long length)
    {
        if (buffer.Length < length)
            buffer = new T[length];
    }
}
