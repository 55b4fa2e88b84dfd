namespace MLNet.Rnn.Tests.Onnx;

/// <summary>
/// The operator type of each node of an ONNX model's graph, read from its protobuf (ModelProto.graph = field 7,
/// GraphProto.node = field 1, NodeProto.op_type = field 4), so a test can see what the converter wrote.
/// </summary>
internal static class OnnxOperators
{
    public static IReadOnlyList<string> Of(byte[] model)
    {
        var operators = new List<string>();
        foreach (var graph in Fields(model, 7))
        {
            foreach (var node in Fields(graph, 1))
                operators.AddRange(Fields(node, 4).Select(t => System.Text.Encoding.UTF8.GetString(t)));
        }
        return operators;
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of one message.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        int at = 0;
        while (at < message.Length)
        {
            ulong key = Varint(message, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: Varint(message, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    int length = (int)Varint(message, ref at);
                    if (field == number)
                        yield return message[at..(at + length)];
                    at += length;
                    break;
                default: throw new InvalidDataException($"Protobuf wire type {wire} at byte {at}.");
            }
        }
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
