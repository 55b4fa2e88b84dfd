using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MLNet.Rnn.Serialization;

/// <summary>The safetensors element types this library reads; every one is converted to float32.</summary>
internal enum SafeTensorsDType
{
    F32,
    F64,
    F16,
    BF16,
}

/// <summary>Names, sizes and little-endian decoding of <see cref="SafeTensorsDType"/>.</summary>
internal static class SafeTensorsDTypes
{
    public const string Supported = "F32, F64, F16 and BF16";

    public static bool TryParse(string name, out SafeTensorsDType dtype)
    {
        // Exact, case-sensitive names: the format spells them in upper case.
        switch (name)
        {
            case "F32": dtype = SafeTensorsDType.F32; return true;
            case "F64": dtype = SafeTensorsDType.F64; return true;
            case "F16": dtype = SafeTensorsDType.F16; return true;
            case "BF16": dtype = SafeTensorsDType.BF16; return true;
            default: dtype = default; return false;
        }
    }

    public static int Size(this SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 => 8,
        SafeTensorsDType.F32 => 4,
        _ => 2,
    };

    /// <summary>Converts whole little-endian elements of <paramref name="dtype"/> in <paramref name="source"/> to float32.</summary>
    public static void Decode(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case SafeTensorsDType.F32 when BitConverter.IsLittleEndian:
                source.CopyTo(MemoryMarshal.AsBytes(destination));
                break;
            case SafeTensorsDType.F32:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            case SafeTensorsDType.F64:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
            case SafeTensorsDType.F16:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                break;
            case SafeTensorsDType.BF16:
                // bfloat16 is the upper half of a float32's bits.
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]) << 16);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null);
        }
    }
}
