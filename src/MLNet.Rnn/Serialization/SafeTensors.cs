using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MLNet.Rnn.Serialization;

/// <summary>
/// Reads and writes the safetensors format of Hugging Face: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw little-endian data. The format is
/// plain data, so reading one executes nothing, unlike a pickled PyTorch checkpoint.
/// </summary>
internal static class SafeTensors
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Writes float32 tensors, laid out in ordinal name order with the header padded to 8 bytes, so the same
    /// input always gives the same bytes.
    /// </summary>
    /// <param name="stream">Where the file is written, from its current position.</param>
    /// <param name="tensors">The tensors; names must be unique, non-empty and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string pairs stored as the header's <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">A name is invalid or repeated, or a tensor's data does not fit its shape.</exception>
    public static void Write(Stream stream, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var ordered = tensors.OrderBy(t => t?.Name, StringComparer.Ordinal).ToArray();
        for (int i = 0; i < ordered.Length; i++)
            CheckWritable(ordered[i], i > 0 ? ordered[i - 1].Name : null);
        if (metadata is not null && metadata.Any(m => m.Key is null || m.Value is null))
            throw new ArgumentException("Metadata keys and values must not be null.", nameof(metadata));

        byte[] header = SafeTensorsHeader.Build(ordered, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var tensor in ordered)
            WriteData(stream, tensor.Data);
    }

    /// <summary>Reads a safetensors file from a stream, validating everything before it allocates any tensor.</summary>
    /// <param name="stream">The file, from its current position to its end.</param>
    /// <param name="limits">Bounds on header size and total elements, or null for <see cref="SafeTensorsLimits.Default"/>.</param>
    /// <exception cref="InvalidDataException">The file is malformed; the message says what is wrong and where.</exception>
    public static SafeTensorsContent Read(Stream stream, SafeTensorsLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= SafeTensorsLimits.Default;
        if (!stream.CanSeek)
        {
            // Without a length to check the declared sizes against, read what is there first (never more than the
            // limits allow), so that nothing is allocated for bytes that do not exist.
            long largest = 8 + limits.MaxHeaderBytes + limits.MaxTotalElements * sizeof(double);
            using var copy = BoundedCopy.ToMemory(stream, largest, () => $"Invalid safetensors file: more than {largest} bytes, over what the limits allow.");
            return Read(copy, limits);
        }
        Span<byte> lengthField = stackalloc byte[8];
        int got = stream.ReadAtLeast(lengthField, 8, throwOnEndOfStream: false);
        if (got < 8)
            throw SafeTensorsHeader.Invalid($"truncated: the file has {got} bytes, fewer than the 8 of the header length field");
        long available = stream.Length - stream.Position;
        int headerLength = SafeTensorsHeader.CheckLength(BinaryPrimitives.ReadUInt64LittleEndian(lengthField), available, limits);

        var headerBytes = new byte[headerLength];
        got = stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false);
        if (got < headerLength)
            throw SafeTensorsHeader.Invalid($"truncated header: the length field says {headerLength} bytes but the file ends after {got}");
        var header = SafeTensorsHeader.Parse(headerBytes, limits);
        CheckDataLength(header, available - headerLength);

        var tensors = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var entry in header.Entries)
            {
                var data = new float[entry.ElementCount];
                int size = entry.DType.Size(), perChunk = ChunkBytes / size;
                for (int done = 0; done < data.Length; done += perChunk)
                {
                    int count = Math.Min(perChunk, data.Length - done), bytes = count * size;
                    got = stream.ReadAtLeast(chunk.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
                    if (got < bytes)
                        throw SafeTensorsHeader.Invalid(
                            $"truncated data: tensor '{entry.Name}' needs data bytes [{entry.Begin}, {entry.End}) but the file ends at data byte {entry.Begin + (long)done * size + got}");
                    SafeTensorsDTypes.Decode(entry.DType, chunk.AsSpan(0, bytes), data.AsSpan(done, count));
                }
                tensors.Add(entry.Name, new NamedTensor(entry.Name, entry.Shape, data));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (stream.ReadByte() >= 0)
            throw SafeTensorsHeader.Invalid($"the file goes on after data byte {header.DataLength}, where the last tensor ends; bytes no tensor owns are not allowed");
        return new SafeTensorsContent(tensors, header.Metadata);
    }

    /// <summary>Reads a safetensors file held in memory, validating everything before it allocates any tensor.</summary>
    /// <param name="file">The whole file.</param>
    /// <param name="limits">Bounds on header size and total elements, or null for <see cref="SafeTensorsLimits.Default"/>.</param>
    /// <exception cref="InvalidDataException">The file is malformed; the message says what is wrong and where.</exception>
    public static SafeTensorsContent Read(ReadOnlySpan<byte> file, SafeTensorsLimits? limits = null)
    {
        limits ??= SafeTensorsLimits.Default;
        if (file.Length < 8)
            throw SafeTensorsHeader.Invalid($"truncated: the file has {file.Length} bytes, fewer than the 8 of the header length field");
        int headerLength = SafeTensorsHeader.CheckLength(BinaryPrimitives.ReadUInt64LittleEndian(file), file.Length - 8, limits);
        var header = SafeTensorsHeader.Parse(file.Slice(8, headerLength), limits);
        var data = file[(8 + headerLength)..];
        CheckDataLength(header, data.Length);
        if (data.Length > header.DataLength)
            throw SafeTensorsHeader.Invalid($"the file goes on after data byte {header.DataLength}, where the last tensor ends; bytes no tensor owns are not allowed");

        var tensors = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var entry in header.Entries)
        {
            var values = new float[entry.ElementCount];
            SafeTensorsDTypes.Decode(entry.DType, data[(int)entry.Begin..(int)entry.End], values);
            tensors.Add(entry.Name, new NamedTensor(entry.Name, entry.Shape, values));
        }
        return new SafeTensorsContent(tensors, header.Metadata);
    }

    /// <summary>Fails before any tensor is allocated when fewer data bytes follow the header than it describes.</summary>
    private static void CheckDataLength(SafeTensorsHeader header, long available)
    {
        var last = header.Entries.Length == 0 ? null : header.Entries[^1];
        if (last is not null && last.End > available)
            throw SafeTensorsHeader.Invalid(
                $"truncated data: tensor '{last.Name}' has data_offsets [{last.Begin}, {last.End}) but only {available} data bytes follow the header");
    }

    private static void CheckWritable(NamedTensor? tensor, string? previousName)
    {
        if (tensor is null)
            throw new ArgumentException("A tensor is null.", "tensors");
        if (string.IsNullOrEmpty(tensor.Name) || tensor.Name == SafeTensorsHeader.MetadataKey)
            throw new ArgumentException($"'{tensor.Name}' is not a valid tensor name: names must be non-empty and not {SafeTensorsHeader.MetadataKey}.", "tensors");
        if (tensor.Name == previousName)
            throw new ArgumentException($"Two tensors are named '{tensor.Name}'.", "tensors");
        ArgumentNullException.ThrowIfNull(tensor.Shape, "tensors");
        ArgumentNullException.ThrowIfNull(tensor.Data, "tensors");
        long count = 1;
        foreach (int d in tensor.Shape)
        {
            if (d < 0)
                throw new ArgumentException($"Tensor '{tensor.Name}' has a negative dimension in shape ({string.Join(", ", tensor.Shape)}).", "tensors");
            // Saturates rather than overflows: a product past long's range cannot equal an array's length anyway.
            count = d == 0 || count == 0 ? 0 : count > long.MaxValue / d ? long.MaxValue : count * d;
        }
        if (count != tensor.Data.Length)
            throw new ArgumentException($"Tensor '{tensor.Name}' has shape ({string.Join(", ", tensor.Shape)}) of {count} elements but {tensor.Data.Length} values.", "tensors");
    }

    private static void WriteData(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (int done = 0; done < data.Length; done += ChunkBytes / 4)
            {
                int count = Math.Min(ChunkBytes / 4, data.Length - done);
                for (int i = 0; i < count; i++)
                    BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(4 * i), data[done + i]);
                stream.Write(chunk, 0, 4 * count);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
