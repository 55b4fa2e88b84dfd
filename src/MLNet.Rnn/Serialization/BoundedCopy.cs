namespace MLNet.Rnn.Serialization;

/// <summary>
/// Copies a stream that cannot tell its length into memory, chunk by chunk, up to a limit: the sizes a file declares
/// can then be checked against the bytes that really exist before anything of those sizes is allocated.
/// </summary>
internal static class BoundedCopy
{
    private const int ChunkBytes = 81920;

    /// <summary>The rest of <paramref name="stream"/> in memory, positioned at its start.</summary>
    /// <exception cref="InvalidDataException">The stream holds more than <paramref name="limit"/> bytes (the message is <paramref name="tooLarge"/>'s).</exception>
    public static MemoryStream ToMemory(Stream stream, long limit, Func<string> tooLarge)
    {
        var copy = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int got;
        while ((got = stream.Read(chunk)) > 0)
        {
            if (copy.Length + got > limit)
                throw new InvalidDataException(tooLarge());
            copy.Write(chunk, 0, got);
        }
        copy.Position = 0;
        return copy;
    }
}
