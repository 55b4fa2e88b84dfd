namespace MLNet.Rnn.Serialization;

/// <summary>
/// A read-only view of a zip entry's inflated bytes that fails as soon as they exceed the entry's declared
/// size: the declared size is checked against the limits, so a forged one must not let more through.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long declaredLength) : Stream
{
    /// <summary>The bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Asking for one byte past the declared end is how an over-long entry is detected.
        int allowed = (int)Math.Min(buffer.Length, declaredLength - BytesRead + 1);
        int read = inner.Read(buffer[..allowed]);
        BytesRead += read;
        if (BytesRead > declaredLength)
            throw new InvalidDataException($"it inflates to more than its declared {declaredLength} bytes");
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
