using System.Reflection;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Serialization;

/// <summary>
/// The two parts a trained model keeps in ML.NET's <c>model.zip</c>, beside the transformer's header:
/// <c>manifest.json</c> (what the model is, as JSON) and <c>weights.safetensors</c> (every parameter under its
/// PyTorch name, loadable with <c>safetensors.torch.load_file</c>). Writing a part gives its SHA-256, which the header
/// keeps; reading checks the part's length against the limits and its SHA-256 against the header's before parsing a
/// byte of it, since the zip reader does not check its CRC. Reading parses data only; nothing is executed.
/// </summary>
internal static class ModelPackage
{
    /// <summary>The manifest's <c>format</c>.</summary>
    public const string FormatName = "mlnet-rnn-model";

    /// <summary>
    /// The <c>formatVersion</c> this library writes. Version 1 was a stand-alone zip of an API this library no longer
    /// has; version 2 lives inside ML.NET's model.zip.
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>The part holding the manifest.</summary>
    public const string ManifestPartName = "manifest.json";

    /// <summary>The part holding the weights.</summary>
    public const string WeightsPartName = "weights.safetensors";

    private static readonly int[] SupportedVersions = [2];

    private static readonly JsonWriterOptions ManifestWriting = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>This library's informational version, recorded in every manifest as <c>libraryVersion</c>.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelPackage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelPackage).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The length of the SHA-256 each part is checked against.</summary>
    public const int HashLength = 32;

    /// <summary>
    /// The bytes of <paramref name="manifest"/> with <c>format</c>, <c>formatVersion</c> and <c>libraryVersion</c> first
    /// (the object itself is not changed), read back as a load reads them: a manifest that would load as something else
    /// is refused before anything is written.
    /// </summary>
    /// <exception cref="InvalidOperationException">The manifest would not read back as it is; the message names the member.</exception>
    public static byte[] EncodeManifest(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var stamped = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["libraryVersion"] = LibraryVersion,
        };
        foreach (var (key, value) in manifest)
        {
            if (!stamped.ContainsKey(key))
                stamped[key] = value?.DeepClone();
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ManifestWriting))
            stamped.WriteTo(json);
        var bytes = buffer.ToArray();
        string? difference;
        try
        {
            difference = JsonDifference.Find(stamped, ParseManifest(bytes));
        }
        catch (InvalidDataException e)
        {
            difference = e.Message;
        }
        return difference is null ? bytes : throw new InvalidOperationException($"The model was not saved: its manifest does not read back as the model: {difference}.");
    }

    /// <summary>Writes a manifest <see cref="EncodeManifest"/> encoded; returns the SHA-256 of the bytes written.</summary>
    public static byte[] WriteManifest(Stream stream, byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(encoded);
        return Hashed(stream, output => output.Write(encoded));
    }

    /// <summary>Writes every parameter as safetensors under its full name; returns the SHA-256 of the bytes written.</summary>
    public static byte[] WriteWeights(Stream stream, ParameterStore weights)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(weights);
        return Hashed(stream, output => SafeTensors.Write(output, ParameterTransfer.Export(weights)));
    }

    /// <summary>Reads and checks the manifest: the bytes written (<paramref name="sha256"/>), a JSON object of our format and a supported version.</summary>
    /// <exception cref="InvalidDataException">It is too large, damaged, not JSON, or not ours; the message names the part.</exception>
    public static JsonObject ReadManifest(Stream stream, ReadOnlySpan<byte> sha256, ModelPackageLimits? limits = null)
    {
        limits ??= ModelPackageLimits.Default;
        var bytes = ReadPart(stream, ManifestPartName, sha256, limits.MaxManifestBytes, nameof(ModelPackageLimits.MaxManifestBytes), part =>
        {
            using var buffer = new MemoryStream();
            part.CopyTo(buffer);
            return buffer.ToArray();
        });
        return ParseManifest(bytes);
    }

    /// <summary>The manifest in <paramref name="bytes"/>: UTF-8 JSON, an object of our format and a supported version.</summary>
    private static JsonObject ParseManifest(byte[] bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            throw Invalid(ManifestPartName, "not valid UTF-8");
        JsonNode? node;
        try
        {
            // Repeated keys are refused while parsing, not found later when a member is looked up.
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw Invalid(ManifestPartName, $"not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject manifest)
            throw Invalid(ManifestPartName, "not a JSON object");

        string? format = manifest["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
        if (format != FormatName)
            throw Invalid(ManifestPartName, $"format is {(format is null ? "missing or not a string" : $"'{format}'")}; expected '{FormatName}'");
        if (manifest["formatVersion"] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out int version))
            throw Invalid(ManifestPartName, "no integer formatVersion");
        if (!SupportedVersions.Contains(version))
            throw Invalid(ManifestPartName, $"formatVersion {version} is not supported: MLNet.Rnn {LibraryVersion} reads formatVersion {string.Join(", ", SupportedVersions)}"
                + (version > SupportedVersions.Max() ? "; the model was written by a newer version of the library" : ""));
        return manifest;
    }

    /// <summary>Reads the weights by full name: the bytes written (<paramref name="sha256"/>), every size checked before it is allocated.</summary>
    /// <exception cref="InvalidDataException">The part is too large, damaged or not valid safetensors; the message names the part.</exception>
    public static IReadOnlyDictionary<string, NamedTensor> ReadWeights(Stream stream, ReadOnlySpan<byte> sha256, ModelPackageLimits? limits = null)
    {
        limits ??= ModelPackageLimits.Default;
        return ReadPart(stream, WeightsPartName, sha256, limits.MaxWeightsBytes, nameof(ModelPackageLimits.MaxWeightsBytes),
            part => SafeTensors.Read(part, limits.SafeTensors).Tensors);
    }

    /// <summary>
    /// Reads a part after checking its length against the limit and its SHA-256 against the one the model was saved
    /// with. A stream that cannot tell its length is first copied in chunks, failing as soon as it passes the limit, so
    /// the reader always sees a stream of known length.
    /// </summary>
    private static T ReadPart<T>(Stream stream, string part, ReadOnlySpan<byte> sha256, long limit, string limitName, Func<Stream, T> read)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            using var copy = BoundedCopy.ToMemory(stream, limit, () => TooLarge(part, $"more than {limit}", limit, limitName).Message);
            return ReadPart(copy, part, sha256, limit, limitName, read);
        }
        long length = stream.Length - stream.Position;
        if (length > limit)
            throw TooLarge(part, length.ToString(System.Globalization.CultureInfo.InvariantCulture), limit, limitName);
        var actual = Sha256(stream);
        if (!actual.AsSpan().SequenceEqual(sha256))
            throw Invalid(part, $"damaged: its SHA-256 is {Convert.ToHexStringLower(actual)}, but the model was saved with {Convert.ToHexStringLower(sha256)}");
        try
        {
            return read(stream);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(part, e.Message.TrimEnd('.'), e);
        }
    }

    /// <summary>The SHA-256 of the rest of a seekable stream, which is left where it was.</summary>
    private static byte[] Sha256(Stream stream)
    {
        long start = stream.Position;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[81920];
        int got;
        while ((got = stream.Read(chunk)) > 0)
            hash.AppendData(chunk, 0, got);
        stream.Position = start;
        return hash.GetHashAndReset();
    }

    /// <summary>Writes through <paramref name="write"/> and returns the SHA-256 of what it wrote.</summary>
    private static byte[] Hashed(Stream stream, Action<Stream> write)
    {
        using var sha256 = SHA256.Create();
        using (var hashing = new CryptoStream(stream, sha256, CryptoStreamMode.Write, leaveOpen: true))
            write(hashing);
        return sha256.Hash!;
    }

    private static InvalidDataException TooLarge(string part, string length, long limit, string limitName) =>
        Invalid(part, $"{length} bytes, over the limit of {limit} (ModelPackageLimits.{limitName})");

    private static InvalidDataException Invalid(string part, string problem, Exception? inner = null) => new($"Invalid model: part '{part}': {problem}.", inner);
}
