using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MLNet.Rnn.Serialization;

/// <summary>One tensor's header entry: where its bytes lie in the data buffer and how to read them.</summary>
internal sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, int[] Shape, int ElementCount, long Begin, long End);

/// <summary>
/// The JSON header of a safetensors file: building it, and parsing it with every check that does not need
/// the data bytes, so nothing is allocated for tensors before the whole header is known to be sound.
/// </summary>
internal sealed class SafeTensorsHeader
{
    public const string MetadataKey = "__metadata__";

    private SafeTensorsHeader(SafeTensorsEntry[] entries, Dictionary<string, string> metadata)
    {
        Entries = entries;
        Metadata = metadata;
        DataLength = entries.Length == 0 ? 0 : entries[^1].End;
    }

    /// <summary>The tensors in the order of their bytes.</summary>
    public SafeTensorsEntry[] Entries { get; }

    public Dictionary<string, string> Metadata { get; }

    /// <summary>The length of the data buffer the header describes: the last tensor's end.</summary>
    public long DataLength { get; }

    /// <summary>The F32 header for tensors already in name order and validated, padded with spaces to a multiple of 8 bytes.</summary>
    public static byte[] Build(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps names readable; the header is data, never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * tensor.Data.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // Padding keeps the data 8-byte aligned, as the reference writer does.
        var header = new byte[(buffer.WrittenCount + 7) & ~7];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    /// <summary>Checks a declared header length against the limits and the bytes that follow it.</summary>
    /// <param name="headerLength">The 8-byte little-endian length read from the file.</param>
    /// <param name="available">The bytes after the length field (a stream that cannot seek is read into memory first).</param>
    /// <param name="limits">The bounds to enforce.</param>
    public static int CheckLength(ulong headerLength, long available, SafeTensorsLimits limits)
    {
        if (headerLength > (ulong)limits.MaxHeaderBytes)
            throw Invalid($"the header length field says {headerLength} bytes, over the limit of {limits.MaxHeaderBytes} bytes (SafeTensorsLimits.MaxHeaderBytes)");
        if (headerLength < 2)
            throw Invalid($"the header length field says {headerLength} bytes; the smallest header, {{}}, has 2");
        if (headerLength > (ulong)Array.MaxLength)
            throw Invalid($"the header length field says {headerLength} bytes, more than one buffer can hold");
        if ((long)headerLength > available)
            throw Invalid($"truncated header: the length field says {headerLength} bytes but only {available} follow it");
        return (int)headerLength;
    }

    /// <summary>Parses and validates the header: schema, dtypes, shapes, byte ranges, no overlaps and no holes, element limits.</summary>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, SafeTensorsLimits limits)
    {
        JsonDocument document;
        try
        {
            // Depth 3 is all a header needs (root, entry, shape); a deeper one is not a safetensors header.
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 3 });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed < json.Length && json[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \n\r\t"u8) >= 0)
                throw Invalid($"the header has bytes after its JSON object, at header byte {reader.BytesConsumed}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Invalid safetensors file: the header is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            try
            {
                return Parse(document, limits);
            }
            catch (InvalidOperationException e)
            {
                // The JSON reader leaves names and strings unchecked until they are read; invalid UTF-8 fails then.
                throw new InvalidDataException($"Invalid safetensors file: the header holds text that is not valid UTF-8 ({e.Message}).", e);
            }
        }
    }

    private static SafeTensorsHeader Parse(JsonDocument document, SafeTensorsLimits limits)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw Invalid($"the header is a JSON {document.RootElement.ValueKind}, not an object");
        var entries = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        long totalElements = 0;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!names.Add(property.Name))
                throw Invalid($"the header names '{property.Name}' twice");
            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, metadata);
                continue;
            }
            var entry = ReadEntry(property.Name, property.Value, limits);
            totalElements += entry.ElementCount;
            if (totalElements > limits.MaxTotalElements)
                throw Invalid($"the tensors up to '{entry.Name}' have {totalElements} elements, over the limit of {limits.MaxTotalElements} (SafeTensorsLimits.MaxTotalElements)");
            entries.Add(entry);
        }
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToArray();
        CheckContiguous(ordered);
        return new SafeTensorsHeader(ordered, metadata);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid($"{MetadataKey} is a JSON {value.ValueKind}; it must be an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Invalid($"{MetadataKey}['{item.Name}'] is a JSON {item.Value.ValueKind}; metadata values must be strings");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Invalid($"{MetadataKey} names '{item.Name}' twice");
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement value, SafeTensorsLimits limits)
    {
        string where = $"tensor '{name}'";
        if (name.Length == 0)
            throw Invalid("a tensor has an empty name");
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid($"{where} is a JSON {value.ValueKind}, not an object");
        JsonElement? dtypeValue = null, shapeValue = null, offsetsValue = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeValue is null: dtypeValue = field.Value; break;
                case "shape" when shapeValue is null: shapeValue = field.Value; break;
                case "data_offsets" when offsetsValue is null: offsetsValue = field.Value; break;
                default: throw Invalid($"{where} has an unexpected or repeated key '{field.Name}'; expected dtype, shape and data_offsets once each");
            }
        }
        if (dtypeValue is not { ValueKind: JsonValueKind.String } dtypeElement)
            throw Invalid($"{where} has no dtype string");
        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorsDTypes.TryParse(dtypeName, out var dtype))
            throw Invalid($"{where} has dtype '{dtypeName}'; only {SafeTensorsDTypes.Supported} are supported");

        if (shapeValue is not { ValueKind: JsonValueKind.Array } shapeElement)
            throw Invalid($"{where} has no shape array");
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0)
                throw Invalid($"{where} has shape dimension {i} = {dim.GetRawText()}; dimensions must be non-negative integers");
            // Each dimension alone is bounded too: a zero elsewhere must not excuse an absurd one.
            if (d > int.MaxValue || d > limits.MaxTotalElements)
                throw Invalid($"{where} has shape dimension {i} = {d}, over the limit of {Math.Min(int.MaxValue, limits.MaxTotalElements)}");
            // Checked at each step, so the product can neither overflow nor pass unnoticed.
            if (d > 0 && count > limits.MaxTotalElements / d)
                throw Invalid($"{where} has more than {limits.MaxTotalElements} elements by shape dimension {i} (SafeTensorsLimits.MaxTotalElements)");
            count *= d;
            shape[i++] = (int)d;
        }
        if (count > Array.MaxLength)
            throw Invalid($"{where} has {count} elements, more than one array can hold");

        if (offsetsValue is not { ValueKind: JsonValueKind.Array } offsetsElement || offsetsElement.GetArrayLength() != 2)
            throw Invalid($"{where} has no data_offsets array [begin, end]");
        long begin = Offset(offsetsElement[0], where), end = Offset(offsetsElement[1], where);
        if (end < begin)
            throw Invalid($"{where} has data_offsets [{begin}, {end}]: the end is before the begin");
        long expected = count * dtype.Size();
        if (end - begin != expected)
            throw Invalid($"{where} has {count} {dtypeName} elements ({expected} bytes) but data_offsets [{begin}, {end}] span {end - begin} bytes");
        return new SafeTensorsEntry(name, dtype, shape, (int)count, begin, end);
    }

    private static long Offset(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long offset) || offset < 0)
            throw Invalid($"{where} has data offset {value.GetRawText()}; offsets must be non-negative integers");
        return offset;
    }

    /// <summary>Byte ranges, sorted by begin, must tile the data buffer from 0: an overlap aliases two tensors, a hole hides bytes.</summary>
    private static void CheckContiguous(SafeTensorsEntry[] ordered)
    {
        long cursor = 0;
        SafeTensorsEntry? previous = null;
        foreach (var entry in ordered)
        {
            if (entry.Begin < cursor)
                throw Invalid($"tensor '{entry.Name}' bytes [{entry.Begin}, {entry.End}) overlap tensor '{previous!.Name}' bytes [{previous.Begin}, {previous.End})");
            if (entry.Begin > cursor)
                throw Invalid($"data bytes [{cursor}, {entry.Begin}) before tensor '{entry.Name}' belong to no tensor (a hole)");
            cursor = entry.End;
            previous = entry;
        }
    }

    public static InvalidDataException Invalid(string problem) => new($"Invalid safetensors file: {problem}.");
}
