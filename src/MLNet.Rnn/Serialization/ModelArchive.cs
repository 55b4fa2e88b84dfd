using System.IO.Compression;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Serialization;

/// <summary>
/// The model archive, <c>model.zip</c>: <c>manifest.json</c> (what the model is, as JSON) and
/// <c>weights.safetensors</c> (every parameter under its full PyTorch name). Loading one parses data only;
/// nothing in an archive is ever executed.
/// </summary>
public static class ModelArchive
{
    /// <summary>The manifest's <c>format</c>.</summary>
    public const string FormatName = "mlnet-rnn-model";

    /// <summary>The <c>formatVersion</c> this library writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The zip entry holding the manifest.</summary>
    public const string ManifestEntryName = "manifest.json";

    /// <summary>The zip entry holding the weights.</summary>
    public const string WeightsEntryName = "weights.safetensors";

    private static readonly int[] SupportedVersions = [1];

    // A fixed entry time makes the same model give the same bytes.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonWriterOptions ManifestWriting = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>This library's informational version, recorded in every manifest as <c>libraryVersion</c>.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelArchive).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelArchive).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>
    /// Writes the archive atomically: to a temporary file beside <paramref name="path"/>, flushed to disk, then
    /// moved over it. On any failure the temporary file is deleted and an existing file at the path is untouched.
    /// </summary>
    /// <param name="path">The archive to create or replace.</param>
    /// <param name="manifest">What the model is; saved with <c>format</c>, <c>formatVersion</c> and <c>libraryVersion</c> set by this method (the object itself is not changed).</param>
    /// <param name="weights">The parameters, saved under their full names.</param>
    public static void Save(string path, JsonObject manifest, ParameterStore weights) => Save(path, manifest, weights, static file => file);

    /// <summary>As <see cref="Save(string, JsonObject, ParameterStore)"/>, writing the zip through <paramref name="intercept"/>(the temporary file): the seam tests use to make a save fail midway.</summary>
    internal static void Save(string path, JsonObject manifest, ParameterStore weights, Func<Stream, Stream> intercept)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Parameters.Count == 0)
            throw new ArgumentException("The store has no parameters to save.", nameof(weights));
        // Everything that can fail on the arguments fails here, before the disk is touched.
        var document = StampedManifest(manifest);
        var tensors = ParameterTransfer.Export(weights);
        string target = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var output = intercept(file);
                using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                {
                    WriteEntry(zip, ManifestEntryName, stream =>
                    {
                        using var json = new Utf8JsonWriter(stream, ManifestWriting);
                        document.WriteTo(json);
                    });
                    WriteEntry(zip, WeightsEntryName, stream => SafeTensors.Write(stream, tensors));
                }
                output.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Reads and validates an archive file.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="limits">Size bounds, or null for <see cref="ModelArchiveLimits.Default"/>.</param>
    /// <returns>The manifest as saved (with <c>format</c>, <c>formatVersion</c>, <c>libraryVersion</c>) and the weights by full name.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid archive of a supported version; the message names the file and the problem.</exception>
    public static (JsonObject Manifest, IReadOnlyDictionary<string, NamedTensor> Weights) Load(string path, ModelArchiveLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return Load(file, limits);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads and validates an archive from a stream.</summary>
    /// <param name="stream">The zip archive; a stream that cannot seek is buffered in memory by the zip reader.</param>
    /// <param name="limits">Size bounds, or null for <see cref="ModelArchiveLimits.Default"/>.</param>
    /// <returns>The manifest as saved (with <c>format</c>, <c>formatVersion</c>, <c>libraryVersion</c>) and the weights by full name.</returns>
    /// <exception cref="InvalidDataException">The stream is not a valid archive of a supported version; the message names the problem.</exception>
    public static (JsonObject Manifest, IReadOnlyDictionary<string, NamedTensor> Weights) Load(Stream stream, ModelArchiveLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= ModelArchiveLimits.Default;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw Invalid($"not a zip archive ({e.Message})", e);
        }
        using (zip)
        {
            var manifestEntry = SingleEntry(zip, ManifestEntryName);
            var weightsEntry = SingleEntry(zip, WeightsEntryName);
            // The manifest first: weights of an unknown format version are not even parsed.
            var manifest = ReadManifest(manifestEntry, limits);
            var weights = ReadEntry(weightsEntry, limits.MaxWeightsBytes, nameof(ModelArchiveLimits.MaxWeightsBytes),
                stream => SafeTensors.Read(stream, limits.SafeTensors));
            return (manifest, weights.Tensors);
        }
    }

    private static JsonObject StampedManifest(JsonObject manifest)
    {
        // Ours first, so a reader of the file sees what it is before anything else.
        var stamped = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["libraryVersion"] = LibraryVersion,
        };
        foreach (var (key, value) in manifest)
            if (!stamped.ContainsKey(key))
                stamped[key] = value?.DeepClone();
        return stamped;
    }

    private static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        write(stream);
    }

    private static ZipArchiveEntry SingleEntry(ZipArchive zip, string name)
    {
        var matches = zip.Entries.Where(e => e.FullName == name).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw Invalid($"the archive has no '{name}' entry"),
            _ => throw Invalid($"the archive has {matches.Length} entries named '{name}'"),
        };
    }

    private static JsonObject ReadManifest(ZipArchiveEntry entry, ModelArchiveLimits limits)
    {
        var bytes = ReadEntry(entry, limits.MaxManifestBytes, nameof(ModelArchiveLimits.MaxManifestBytes), stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        });
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw Invalid($"'{ManifestEntryName}' is not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject manifest)
            throw Invalid($"'{ManifestEntryName}' is not a JSON object");

        string? format = manifest["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
        if (format != FormatName)
            throw Invalid($"'{ManifestEntryName}' has format {(format is null ? "missing or not a string" : $"'{format}'")}; expected '{FormatName}'");
        if (manifest["formatVersion"] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out int version))
            throw Invalid($"'{ManifestEntryName}' has no integer formatVersion");
        if (!SupportedVersions.Contains(version))
            throw Invalid($"formatVersion {version} is not supported: MLNet.Rnn {LibraryVersion} reads formatVersion {string.Join(", ", SupportedVersions)}"
                + (version > SupportedVersions.Max() ? "; the archive was written by a newer version of the library" : ""));
        return manifest;
    }

    /// <summary>Reads an entry after checking its declared size, failing if it inflates to more or fewer bytes than declared.</summary>
    private static T ReadEntry<T>(ZipArchiveEntry entry, long limit, string limitName, Func<Stream, T> read)
    {
        if (entry.Length > limit)
            throw Invalid($"entry '{entry.FullName}' declares {entry.Length} bytes, over the limit of {limit} (ModelArchiveLimits.{limitName})");
        T result;
        long bytesRead;
        try
        {
            using var raw = entry.Open();
            using var bounded = new BoundedReadStream(raw, entry.Length);
            result = read(bounded);
            // A reader may stop where its format ends; whatever follows still counts against the declared size.
            bounded.CopyTo(Stream.Null);
            bytesRead = bounded.BytesRead;
        }
        catch (InvalidDataException e)
        {
            // The zip reader's errors (bad compression, checksum) and the content's own both gain the entry's name.
            throw Invalid($"entry '{entry.FullName}': {e.Message.TrimEnd('.')}", e);
        }
        if (bytesRead != entry.Length)
            throw Invalid($"entry '{entry.FullName}' declares {entry.Length} bytes but holds {bytesRead}");
        return result;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static InvalidDataException Invalid(string problem, Exception? inner = null) => new($"Invalid model archive: {problem}.", inner);
}
