using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Serialization;

namespace MLNet.Rnn.Tests.Serialization;

/// <summary>The two parts a model keeps in ML.NET's model.zip: written deterministically, read with every check before use.</summary>
[TestClass]
public sealed class ModelPackageTests
{
    private static ParameterStore Weights(ulong seed)
    {
        var store = new ParameterStore();
        _ = new Gru(3, 4, numLayers: 2, seed: seed, store: store, prefix: "rnn.");
        store.Add("head.bias", 2).Value.Fill(seed);
        return store;
    }

    private static byte[] WeightsBytes(ulong seed)
    {
        using var stream = new MemoryStream();
        ModelPackage.WriteWeights(stream, Weights(seed));
        return stream.ToArray();
    }

    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The SHA-256 a header would hold for the stream's bytes.</summary>
    private static byte[] HashOf(MemoryStream stream) => SHA256.HashData(stream.ToArray());

    private static string ManifestFails(MemoryStream manifest, ModelPackageLimits? limits = null) =>
        Assert.ThrowsExactly<InvalidDataException>(() => ModelPackage.ReadManifest(manifest, HashOf(manifest), limits)).Message;

    [TestMethod]
    public void ManifestIsStampedWithFormatAndVersionsAndReadBack()
    {
        using var stream = new MemoryStream();
        var manifest = new JsonObject { ["task"] = "Classification", ["format"] = "not ours" };

        var hash = ModelPackage.WriteManifest(stream, ModelPackage.EncodeManifest(manifest));
        CollectionAssert.AreEqual(HashOf(stream), hash, "the returned hash is the SHA-256 of the bytes written");
        stream.Position = 0;
        var read = ModelPackage.ReadManifest(stream, hash);

        Assert.AreEqual(ModelPackage.FormatName, (string)read["format"]!, "the stamp wins over the caller's member");
        Assert.AreEqual(ModelPackage.FormatVersion, (int)read["formatVersion"]!);
        Assert.AreEqual(ModelPackage.LibraryVersion, (string)read["libraryVersion"]!);
        Assert.AreEqual("Classification", (string)read["task"]!);
        Assert.AreEqual("not ours", (string)manifest["format"]!, "the caller's object is not changed");
    }

    [TestMethod]
    public void WeightsRoundTripAndTheSameWeightsGiveTheSameBytes()
    {
        CollectionAssert.AreEqual(WeightsBytes(1), WeightsBytes(1));
        CollectionAssert.AreNotEqual(WeightsBytes(1), WeightsBytes(2));

        var tensors = ModelPackage.ReadWeights(new MemoryStream(WeightsBytes(1)), SHA256.HashData(WeightsBytes(1)));

        var store = Weights(1);
        Assert.AreEqual(store.Parameters.Count, tensors.Count);
        CollectionAssert.AreEqual(store["rnn.weight_hh_l1"].Value.ToArray(), tensors["rnn.weight_hh_l1"].Data);
    }

    [TestMethod]
    public void UnknownFormatVersionSaysWhichVersionsAreSupported()
    {
        string error = ManifestFails(Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":3}"));
        StringAssert.Contains(error, "part 'manifest.json': formatVersion 3 is not supported");
        StringAssert.Contains(error, "reads formatVersion 2");
        StringAssert.Contains(error, "newer version");
        StringAssert.Contains(ManifestFails(Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":1}")), "formatVersion 1 is not supported");
        StringAssert.Contains(ManifestFails(Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":\"2\"}")), "no integer formatVersion");
    }

    [TestMethod]
    public void ManifestMustBeAnObjectOfOurFormat()
    {
        StringAssert.Contains(ManifestFails(Json("{\"format\":\"keras\",\"formatVersion\":2}")), "format is 'keras'; expected 'mlnet-rnn-model'");
        StringAssert.Contains(ManifestFails(Json("{\"formatVersion\":2}")), "format is missing");
        StringAssert.Contains(ManifestFails(Json("[1]")), "not a JSON object");
        StringAssert.Contains(ManifestFails(Json("{\"format\":")), "part 'manifest.json': not valid JSON");
    }

    [TestMethod]
    public void PartsOverTheLimitsFailBeforeTheyAreRead()
    {
        var manifest = Json("{\"format\":\"mlnet-rnn-model\",\"formatVersion\":2,\"pad\":\"" + new string(' ', 200) + "\"}");
        StringAssert.Contains(ManifestFails(manifest, new ModelPackageLimits { MaxManifestBytes = 100 }),
            $"part 'manifest.json': {manifest.Length} bytes, over the limit of 100 (ModelPackageLimits.MaxManifestBytes)");
        Assert.AreEqual(0, manifest.Position, "nothing was read");

        var weights = new MemoryStream(WeightsBytes(1));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ModelPackage.ReadWeights(weights, HashOf(weights), new ModelPackageLimits { MaxWeightsBytes = 64 })).Message,
            "(ModelPackageLimits.MaxWeightsBytes)");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ModelPackage.ReadWeights(weights, HashOf(weights),
            new ModelPackageLimits { SafeTensors = new SafeTensorsLimits { MaxTotalElements = 10 } })).Message, "part 'weights.safetensors': Invalid safetensors file");
    }

    [TestMethod]
    public void AStreamOfUnknownLengthIsReadNoFurtherThanTheLimit()
    {
        var endless = new EndlessStream();

        string error = Assert.ThrowsExactly<InvalidDataException>(() => ModelPackage.ReadManifest(endless, new byte[32], new ModelPackageLimits { MaxManifestBytes = 1000 })).Message;

        StringAssert.Contains(error, "more than 1000 bytes, over the limit of 1000");
        Assert.IsLessThan(1000 + 81920 + 1, endless.BytesRead);
    }

    [TestMethod]
    public void CorruptWeightsNameThePart()
    {
        var truncated = new MemoryStream(WeightsBytes(1)[..^3]);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => ModelPackage.ReadWeights(truncated, HashOf(truncated)));

        StringAssert.StartsWith(error.Message, "Invalid model: part 'weights.safetensors': Invalid safetensors file: truncated data");
    }

    [TestMethod]
    public void APartWhoseBytesAreNotTheOnesSavedIsDamaged()
    {
        byte[] weights = WeightsBytes(1);
        var saved = SHA256.HashData(weights);
        weights[^1] ^= 1;

        var error = Assert.ThrowsExactly<InvalidDataException>(() => ModelPackage.ReadWeights(new MemoryStream(weights), saved));

        StringAssert.StartsWith(error.Message, $"Invalid model: part 'weights.safetensors': damaged: its SHA-256 is {Convert.ToHexStringLower(SHA256.HashData(weights))}, but the model was saved with {Convert.ToHexStringLower(saved)}");
    }

    /// <summary>Spaces for ever, from a stream that cannot seek.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
