using MLNet.Rnn.Serialization;
using static MLNet.Rnn.Tests.Serialization.SerializationFiles;

namespace MLNet.Rnn.Tests.Serialization;

/// <summary>Every malformed file fails with <see cref="InvalidDataException"/> saying what and where, from memory and from both kinds of stream.</summary>
[TestClass]
public sealed class SafeTensorsValidationTests
{
    private static void AssertInvalid(byte[] file, string expected, SafeTensorsLimits? limits = null)
    {
        var attempts = new (string Path, Action Read)[]
        {
            ("span", () => SafeTensors.Read(file, limits)),
            ("seekable stream", () => SafeTensors.Read(new MemoryStream(file), limits)),
            ("forward-only stream", () => SafeTensors.Read(new ForwardOnlyStream(new MemoryStream(file)), limits)),
        };
        foreach (var (path, read) in attempts)
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(read, path);
            StringAssert.Contains(error.Message, expected, $"{path}: {error.Message}");
            StringAssert.StartsWith(error.Message, "Invalid safetensors file: ", path);
        }
    }

    [TestMethod]
    [DoNotParallelize]
    public void AStreamThatCannotSeekIsNotBelievedBeforeItsBytesAreThere()
    {
        // A 100,000,000-byte header, and a tensor of 2^30 floats, declared in files of a few dozen bytes.
        byte[] longHeader = [.. BitConverter.GetBytes(100_000_000UL), .. new byte[32]];
        string header = "{" + Entry("w", "F32", "[1073741824]", 0, 4294967296) + "}";
        byte[] bigTensor = [.. BitConverter.GetBytes((ulong)header.Length), .. System.Text.Encoding.ASCII.GetBytes(header), .. new byte[16]];
        foreach (var file in new[] { longHeader, bigTensor })
        {
            var (_, allocated) = Allocations.During(() => Assert.ThrowsExactly<InvalidDataException>(() => SafeTensors.Read(new ForwardOnlyStream(new MemoryStream(file)))));
            Assert.IsLessThan(1L << 20, allocated, "allocated no more than the bytes there are, and small buffers");
        }
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    [TestMethod]
    public void TruncatedLengthField() => AssertInvalid([1, 0, 0, 0, 0], "truncated: the file has 5 bytes");

    [TestMethod]
    public void TruncatedHeader() => AssertInvalid(SafeTensorsBytes("{}", 0, declaredHeaderLength: 64), "truncated header");

    [TestMethod]
    public void HugeHeaderLengthFailsBeforeAllocating()
    {
        // 2^62 bytes could never be allocated: reaching the check at all shows it runs first.
        AssertInvalid(SafeTensorsBytes("{}", 0, declaredHeaderLength: 1UL << 62), "over the limit of 100000000 bytes");
        AssertInvalid(SafeTensorsBytes("{}     ", 0, declaredHeaderLength: 8), "over the limit of 4 bytes", new SafeTensorsLimits { MaxHeaderBytes = 4 });
    }

    [TestMethod]
    public void InvalidJson()
    {
        AssertInvalid(SafeTensorsBytes("{\"a\":", 0), "not valid JSON");
        AssertInvalid(SafeTensorsBytes("[1, 2]", 0), "not an object");
        AssertInvalid(SafeTensorsBytes("{} {}", 0), "bytes after its JSON object");
        AssertInvalid(SafeTensorsBytes("{\"a\":{\"b\":{\"c\":[[1]]}}}", 0), "not valid JSON");
    }

    [TestMethod]
    public void UnknownDTypeIsNamed() =>
        AssertInvalid(SafeTensorsBytes("{" + Entry("ids", "I64", "[2]", 0, 16) + "}", 16), "tensor 'ids' has dtype 'I64'; only F32, F64, F16 and BF16");

    [TestMethod]
    public void NegativeAndAbsurdDimensions()
    {
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F32", "[-1]", 0, 0) + "}", 0), "tensor 'w' has shape dimension 0 = -1");
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F32", "[2.5]", 0, 0) + "}", 0), "non-negative integers");
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F32", "[0, 4294967296]", 0, 0) + "}", 0), "shape dimension 1 = 4294967296");
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F32", "[65536, 65536, 65536]", 0, 4) + "}", 4), "more than 1073741824 elements by shape dimension 1");
    }

    [TestMethod]
    public void TotalElementsOverTheLimitFailBeforeAllocating() =>
        AssertInvalid(SafeTensorsBytes("{" + Entry("a", "F32", "[3]", 0, 12) + "," + Entry("b", "F32", "[3]", 12, 24) + "}", 24),
            "the tensors up to 'b' have 6 elements, over the limit of 5", new SafeTensorsLimits { MaxTotalElements = 5 });

    [TestMethod]
    public void ElementCountMustMatchTheByteRange()
    {
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F32", "[2]", 0, 4) + "}", 4), "tensor 'w' has 2 F32 elements (8 bytes) but data_offsets [0, 4] span 4 bytes");
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F64", "[1]", 0, 4) + "}", 4), "1 F64 elements (8 bytes)");
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F32", "[1]", 8, 4) + "}", 8), "the end is before the begin");
        AssertInvalid(SafeTensorsBytes("{" + Entry("w", "F32", "[1]", -4, 0) + "}", 8), "data offset -4");
    }

    [TestMethod]
    public void OffsetsPastTheDataAreTruncation() =>
        AssertInvalid(SafeTensorsBytes("{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[2]", 4, 12) + "}", 6), "truncated data: tensor 'b'");

    [TestMethod]
    public void OverlappingRanges() =>
        AssertInvalid(SafeTensorsBytes("{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 4, 12) + "}", 12),
            "tensor 'b' bytes [4, 12) overlap tensor 'a' bytes [0, 8)");

    [TestMethod]
    public void HolesBetweenBeforeAndAfterTensors()
    {
        AssertInvalid(SafeTensorsBytes("{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12) + "}", 12),
            "data bytes [4, 8) before tensor 'b' belong to no tensor");
        AssertInvalid(SafeTensorsBytes("{" + Entry("a", "F32", "[1]", 4, 8) + "}", 8), "data bytes [0, 4) before tensor 'a'");
        AssertInvalid(SafeTensorsBytes("{" + Entry("a", "F32", "[1]", 0, 4) + "}", 9), "goes on after data byte 4");
    }

    [TestMethod]
    public void SchemaViolations()
    {
        AssertInvalid(SafeTensorsBytes("{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("a", "F32", "[1]", 4, 8) + "}", 8), "names 'a' twice");
        AssertInvalid(SafeTensorsBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"code\":\"x\"}}", 4), "unexpected or repeated key 'code'");
        AssertInvalid(SafeTensorsBytes("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'a' has no dtype");
        AssertInvalid(SafeTensorsBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "no data_offsets array");
        AssertInvalid(SafeTensorsBytes("{\"a\":[]}", 0), "tensor 'a' is a JSON Array");
        AssertInvalid(SafeTensorsBytes("{\"__metadata__\":{\"epoch\":3}}", 0), "__metadata__['epoch'] is a JSON Number");
        AssertInvalid(SafeTensorsBytes("{\"\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4), "empty name");
    }

    [TestMethod]
    public void WellFormedEdgeCasesAreAccepted()
    {
        var read = SafeTensors.Read(SafeTensorsBytes("{\"__metadata__\":{}," + Entry("e", "F32", "[0]", 0, 0) + "," + Entry("s", "F16", "[]", 0, 2) + "}  \n", 2));
        Assert.IsEmpty(read.Tensors["e"].Data);
        Assert.AreEqual((float)BitConverter.UInt16BitsToHalf(0x0100), read.Tensors["s"].Data[0]);
        Assert.IsEmpty(SafeTensors.Read(SafeTensorsBytes("{}", 0)).Tensors);
    }
}
