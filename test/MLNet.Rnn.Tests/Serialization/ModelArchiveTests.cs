using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Serialization;

namespace MLNet.Rnn.Tests.Serialization;

[TestClass]
public sealed class ModelArchiveTests
{
    private string _directory = "";

    [TestInitialize]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("mlnet-rnn-archive-").FullName;

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string ArchivePath => Path.Combine(_directory, "model.zip");

    private static ParameterStore Weights(ulong seed)
    {
        var store = new ParameterStore();
        _ = new Gru(3, 4, numLayers: 2, seed: seed, store: store, prefix: "rnn.");
        store.Add("head.bias", 2).Value.Fill(seed);
        return store;
    }

    private static JsonObject Manifest() => new() { ["task"] = "classification", ["labels"] = new JsonArray("a", "b") };

    /// <summary>A zip with the given entries, each compressed.</summary>
    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] ValidWeights()
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, ParameterTransfer.Export(Weights(1)));
        return stream.ToArray();
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static InvalidDataException LoadFails(byte[] archive, ModelArchiveLimits? limits = null) =>
        Assert.ThrowsExactly<InvalidDataException>(() => ModelArchive.Load(new MemoryStream(archive), limits));

    [TestMethod]
    public void SaveThenLoadRoundTripsManifestAndWeights()
    {
        var weights = Weights(7);
        var manifest = Manifest();
        ModelArchive.Save(ArchivePath, manifest, weights);

        var (loaded, tensors) = ModelArchive.Load(ArchivePath);
        Assert.AreEqual("mlnet-rnn-model", (string)loaded["format"]!);
        Assert.AreEqual(1, (int)loaded["formatVersion"]!);
        Assert.AreEqual(ModelArchive.LibraryVersion, (string)loaded["libraryVersion"]!);
        Assert.AreEqual("classification", (string)loaded["task"]!);
        Assert.AreEqual("[\"a\",\"b\"]", loaded["labels"]!.ToJsonString());
        Assert.IsFalse(manifest.ContainsKey("format"), "the caller's manifest is not changed");

        var restored = Weights(8);
        ParameterTransfer.Import(restored, tensors);
        CollectionAssert.AreEqual(weights.Values, restored.Values);
        CollectionAssert.AreEqual(new[] { "model.zip" }, Directory.GetFiles(_directory).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void SavingTheSameModelGivesTheSameBytesAndReplacesTheFile()
    {
        ModelArchive.Save(ArchivePath, Manifest(), Weights(1));
        byte[] first = File.ReadAllBytes(ArchivePath);
        ModelArchive.Save(ArchivePath, Manifest(), Weights(1));
        CollectionAssert.AreEqual(first, File.ReadAllBytes(ArchivePath));
        ModelArchive.Save(ArchivePath, Manifest(), Weights(2));
        CollectionAssert.AreNotEqual(first, File.ReadAllBytes(ArchivePath));
    }

    [TestMethod]
    public void FailedSaveLeavesTheOldFileAndNoTemporaryFile()
    {
        ModelArchive.Save(ArchivePath, Manifest(), Weights(1));
        byte[] before = File.ReadAllBytes(ArchivePath);
        foreach (long failAfter in new long[] { 0, 100, before.Length - 10 })
        {
            var error = Assert.ThrowsExactly<IOException>(() => ModelArchive.Save(ArchivePath, Manifest(), Weights(2), file => new FailingWriteStream(file, failAfter)));
            StringAssert.Contains(error.Message, "Simulated failure");
            CollectionAssert.AreEqual(before, File.ReadAllBytes(ArchivePath), $"fail after {failAfter} bytes");
            CollectionAssert.AreEqual(new[] { "model.zip" }, Directory.GetFiles(_directory).Select(Path.GetFileName).ToArray());
        }
        Assert.ThrowsExactly<DirectoryNotFoundException>(() => ModelArchive.Save(Path.Combine(_directory, "missing", "model.zip"), Manifest(), Weights(1)));
    }

    [TestMethod]
    public void UnknownFormatVersionSaysWhichVersionsAreSupported()
    {
        var error = LoadFails(Zip(("manifest.json", Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":2}")), ("weights.safetensors", ValidWeights())));
        StringAssert.Contains(error.Message, "formatVersion 2 is not supported");
        StringAssert.Contains(error.Message, "reads formatVersion 1");
        StringAssert.Contains(error.Message, "newer version");
        StringAssert.Contains(LoadFails(Zip(("manifest.json", Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":\"1\"}")), ("weights.safetensors", ValidWeights()))).Message,
            "no integer formatVersion");
    }

    [TestMethod]
    public void ManifestMustBeAnObjectOfOurFormat()
    {
        byte[] weights = ValidWeights();
        StringAssert.Contains(LoadFails(Zip(("manifest.json", Json("{\"format\":\"keras\",\"formatVersion\":1}")), ("weights.safetensors", weights))).Message,
            "format 'keras'; expected 'mlnet-rnn-model'");
        StringAssert.Contains(LoadFails(Zip(("manifest.json", Json("{\"formatVersion\":1}")), ("weights.safetensors", weights))).Message, "format missing");
        StringAssert.Contains(LoadFails(Zip(("manifest.json", Json("[1]")), ("weights.safetensors", weights))).Message, "not a JSON object");
        StringAssert.Contains(LoadFails(Zip(("manifest.json", Json("{\"format\":")), ("weights.safetensors", weights))).Message, "'manifest.json' is not valid JSON");
    }

    [TestMethod]
    public void MissingDuplicateAndForeignEntries()
    {
        byte[] manifest = Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":1}"), weights = ValidWeights();
        StringAssert.Contains(LoadFails(Zip(("manifest.json", manifest))).Message, "no 'weights.safetensors' entry");
        StringAssert.Contains(LoadFails(Zip(("weights.safetensors", weights))).Message, "no 'manifest.json' entry");
        StringAssert.Contains(LoadFails(Zip(("manifest.json", manifest), ("weights.safetensors", weights), ("manifest.json", manifest))).Message,
            "2 entries named 'manifest.json'");
        StringAssert.Contains(LoadFails(Json("PK but not a zip")).Message, "not a zip archive");
        var (_, tensors) = ModelArchive.Load(new MemoryStream(Zip(("manifest.json", manifest), ("weights.safetensors", weights), ("notes.txt", Json("ignored")))));
        Assert.AreEqual(Weights(1).Parameters.Count, tensors.Count);
    }

    [TestMethod]
    public void OversizedEntriesFailOnTheirDeclaredSize()
    {
        byte[] archive = Zip(("manifest.json", Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":1,\"pad\":\"" + new string(' ', 200) + "\"}")), ("weights.safetensors", ValidWeights()));
        StringAssert.Contains(LoadFails(archive, new ModelArchiveLimits { MaxManifestBytes = 100 }).Message, "entry 'manifest.json' declares");
        StringAssert.Contains(LoadFails(archive, new ModelArchiveLimits { MaxManifestBytes = 100 }).Message, "over the limit of 100 (ModelArchiveLimits.MaxManifestBytes)");
        StringAssert.Contains(LoadFails(archive, new ModelArchiveLimits { MaxWeightsBytes = 64 }).Message, "(ModelArchiveLimits.MaxWeightsBytes)");
        StringAssert.Contains(LoadFails(archive, new ModelArchiveLimits { SafeTensors = new SafeTensorsLimits { MaxTotalElements = 10 } }).Message,
            "entry 'weights.safetensors': Invalid safetensors file");
    }

    /// <summary>Sets the uncompressed size the central directory declares for the archive's first entry.</summary>
    private static byte[] ForgeFirstEntrySize(byte[] archive, uint size)
    {
        int at = archive.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x50, 0x4B, 0x01, 0x02]);
        Assert.AreEqual("manifest.json", Encoding.ASCII.GetString(archive, at + 46, BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(at + 28))));
        BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(at + 24), size);
        return archive;
    }

    [TestMethod]
    public void AForgedDeclaredSizeCannotSmuggleBytesEitherWay()
    {
        byte[] manifest = Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":1,\"pad\":\"" + new string('x', 500) + "\"}");
        byte[] Archive() => Zip(("manifest.json", manifest), ("weights.safetensors", ValidWeights()));
        // Declared smaller than the content: the limits trusted the declared size, so no more may come out.
        StringAssert.Contains(LoadFails(ForgeFirstEntrySize(Archive(), 20)).Message, "manifest.json");
        // Declared larger: the entry must really hold what it declares.
        StringAssert.Contains(LoadFails(ForgeFirstEntrySize(Archive(), (uint)manifest.Length + 50)).Message, "manifest.json");
    }

    [TestMethod]
    public void TheBoundedEntryStreamStopsAtTheDeclaredSize()
    {
        using var bounded = new BoundedReadStream(new MemoryStream(new byte[30]), declaredLength: 20);
        var buffer = new byte[16];
        Assert.AreEqual(16, bounded.Read(buffer));
        Assert.AreEqual(4, bounded.Read(buffer.AsSpan(0, 4)));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => bounded.Read(buffer)).Message, "more than its declared 20 bytes");
        using var exact = new BoundedReadStream(new MemoryStream(new byte[20]), declaredLength: 20);
        exact.CopyTo(Stream.Null);
        Assert.AreEqual(20, exact.BytesRead);
    }

    [TestMethod]
    public void CorruptWeightsNameTheEntryAndTheFile()
    {
        byte[] weights = ValidWeights();
        byte[] archive = Zip(("manifest.json", Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":1}")), ("weights.safetensors", weights[..^3]));
        File.WriteAllBytes(ArchivePath, archive);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ModelArchive.Load(ArchivePath));
        StringAssert.StartsWith(error.Message, ArchivePath + ": Invalid model archive: entry 'weights.safetensors': Invalid safetensors file: truncated data");
    }
}
