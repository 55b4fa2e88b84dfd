using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using MLNet.Rnn.Serialization;
using static MLNet.Rnn.Tests.Serialization.SerializationFiles;

namespace MLNet.Rnn.Tests.Serialization;

[TestClass]
public sealed class SafeTensorsTests
{
    private static NamedTensor[] Sample() =>
    [
        new("rnn.weight_ih_l0", [2, 3], [1.5f, -0f, float.Epsilon, float.MaxValue, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC0_1234)]),
        new("head.bias", [], [42f]),
        new("empty", [0, 5], []),
        new("bias_hh_l1_reverse", [4], [0.1f, 0.2f, 0.3f, 0.4f]),
    ];

    private static byte[] Write(IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    [TestMethod]
    public void RoundTripIsBitExactThroughSpanSeekableAndForwardOnlyStreams()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode + \"quotes\"" };
        byte[] file = Write(Sample(), metadata);
        var reads = new[]
        {
            SafeTensors.Read(file),
            SafeTensors.Read(new MemoryStream(file)),
            SafeTensors.Read(new ForwardOnlyStream(new MemoryStream(file))),
        };
        foreach (var read in reads)
        {
            CollectionAssert.AreEquivalent(metadata, read.Metadata.ToDictionary());
            Assert.AreEqual(Sample().Length, read.Tensors.Count);
            foreach (var expected in Sample())
            {
                var got = read.Tensors[expected.Name];
                Assert.AreEqual(expected.Name, got.Name);
                CollectionAssert.AreEqual(expected.Shape, got.Shape);
                CollectionAssert.AreEqual(expected.Data.Select(BitConverter.SingleToInt32Bits).ToArray(), got.Data.Select(BitConverter.SingleToInt32Bits).ToArray(), expected.Name);
            }
        }
    }

    [TestMethod]
    public void WriteIsDeterministicSortsByNameAndPadsTheHeader()
    {
        byte[] file = Write(Sample());
        CollectionAssert.AreEqual(file, Write(Sample().Reverse()));
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.AreEqual(0UL, headerLength % 8);
        string headerText = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        var header = JsonNode.Parse(headerText)!.AsObject();
        CollectionAssert.AreEqual(new[] { "bias_hh_l1_reverse", "empty", "head.bias", "rnn.weight_ih_l0" }, header.Select(p => p.Key).ToArray());
        Assert.AreEqual("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}", header["bias_hh_l1_reverse"]!.ToJsonString());
        Assert.AreEqual("[16,16]", header["empty"]!["data_offsets"]!.ToJsonString());
        Assert.AreEqual(8 + (long)headerLength + 4 * (4 + 0 + 1 + 6), file.Length);
        Assert.IsFalse(header.ContainsKey("__metadata__"), "no metadata, no __metadata__");
    }

    [TestMethod]
    public void WritingPyTorchsStateDictGivesPyTorchsBytes()
    {
        foreach (string name in new[] { "lstm-l2-bi", "gru-l1-bi", "rnn_relu-l2-uni" })
        {
            byte[] torchFile = File.ReadAllBytes(Fixture(name + ".safetensors"));
            var read = SafeTensors.Read(torchFile);
            CollectionAssert.AreEqual(torchFile, Write(read.Tensors.Values, read.Metadata), name);
        }
    }

    [TestMethod]
    public void OtherFloatDTypesConvertAsPyTorchConvertsThem()
    {
        var expected = JsonNode.Parse(File.ReadAllText(Fixture("dtypes.json")))!.AsObject();
        var read = SafeTensors.Read(File.ReadAllBytes(Fixture("dtypes.safetensors")));
        CollectionAssert.AreEquivalent(new[] { "f64", "f16", "bf16", "f32" }, read.Tensors.Keys.ToArray());
        foreach (var (name, tensor) in expected)
        {
            var want = ToTensor(tensor!);
            CollectionAssert.AreEqual(want.Shape.ToArray(), read.Tensors[name].Shape, name);
            CollectionAssert.AreEqual(want.Data, read.Tensors[name].Data, name);
        }
        CollectionAssert.AreNotEqual(read.Tensors["f32"].Data, read.Tensors["bf16"].Data, "bf16 keeps 8 bits of mantissa, so rounding shows");
    }

    [TestMethod]
    public void WriteRejectsWhatCannotBeAFile()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Write([new("a", [1], [1f]), new("a", [1], [2f])])).Message, "Two tensors are named 'a'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Write([new("a", [2, 2], [1f, 2f, 3f])])).Message, "4 elements but 3 values");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Write([new("a", [-1], [])])).Message, "negative dimension");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Write([new("__metadata__", [1], [1f])])).Message, "not a valid tensor name");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Write([new("", [1], [1f])])).Message, "not a valid tensor name");
    }
}
