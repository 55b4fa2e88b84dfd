using System.IO.Compression;
using System.Security.Cryptography;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Reads and rewrites the parts of an MLNet.Rnn model inside ML.NET's model.zip, as an attacker with a zip tool would:
/// the zip stays valid, and a rewritten part can be given the SHA-256 the header checks it against, so that what is
/// tested is the check of the content itself.
/// </summary>
internal static class ModelZip
{
    public const string Manifest = "manifest.json", Weights = "weights.safetensors";

    /// <summary>The zip entries of the model file, by name.</summary>
    public static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    /// <summary>The entry name of a part of ours (there is one MLNet.Rnn transformer in the file).</summary>
    public static string PartName(IEnumerable<string> names, string part) => names.Single(n => n.EndsWith("/" + part, StringComparison.Ordinal));

    /// <summary>The entry holding our transformer's header, beside its parts.</summary>
    public static string HeaderName(IEnumerable<string> names, string part) => PartName(names, part)[..^part.Length] + "Model.key";

    /// <summary>
    /// Where entry <paramref name="name"/> lies in the zip file: from its local header to the next entry's (or to the
    /// central directory), read from the central directory.
    /// </summary>
    public static Range EntryBytes(byte[] zip, string name)
    {
        var bytes = zip.AsSpan();
        int end = bytes.LastIndexOf([(byte)0x50, (byte)0x4b, (byte)0x05, (byte)0x06]);
        Assert.IsGreaterThanOrEqualTo(0, end, "the zip has an end of central directory record");
        int entries = BitConverter.ToUInt16(zip, end + 10), directory = BitConverter.ToInt32(zip, end + 16);
        var offsets = new List<(string Name, int Offset)>();
        for (int at = directory, i = 0; i < entries; i++)
        {
            int nameLength = BitConverter.ToUInt16(zip, at + 28), extra = BitConverter.ToUInt16(zip, at + 30), comment = BitConverter.ToUInt16(zip, at + 32);
            offsets.Add((System.Text.Encoding.UTF8.GetString(zip, at + 46, nameLength), BitConverter.ToInt32(zip, at + 42)));
            at += 46 + nameLength + extra + comment;
        }
        offsets.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        int index = offsets.FindIndex(o => o.Name == name);
        Assert.IsGreaterThanOrEqualTo(0, index, $"the zip has an entry {name}");
        return offsets[index].Offset..(index + 1 < offsets.Count ? offsets[index + 1].Offset : directory);
    }

    /// <summary>A zip of <paramref name="entries"/>.</summary>
    public static byte[] Zip(Dictionary<string, byte[]> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The model with <paramref name="part"/> replaced by <paramref name="content"/>; with <paramref name="rehash"/>, the
    /// header's SHA-256 of the part is replaced too, as a deliberate forger would.
    /// </summary>
    public static byte[] WithPart(byte[] zip, string part, byte[] content, bool rehash)
    {
        var entries = Entries(zip);
        string name = PartName(entries.Keys, part);
        if (rehash)
        {
            string header = HeaderName(entries.Keys, part);
            entries[header] = Replace(entries[header], SHA256.HashData(entries[name]), SHA256.HashData(content));
        }
        entries[name] = content;
        return Zip(entries);
    }

    private static byte[] Replace(byte[] bytes, byte[] old, byte[] replacement)
    {
        int at = bytes.AsSpan().IndexOf(old);
        Assert.IsGreaterThanOrEqualTo(0, at, "the header holds the part's SHA-256");
        var copy = (byte[])bytes.Clone();
        replacement.CopyTo(copy, at);
        return copy;
    }
}
