using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Tests.Nn;

internal static class TestData
{
    public static Tensor Random(ulong seed, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        new Rng(seed).FillNormal(t.Data);
        return t;
    }

    public static RecurrentModule Module(string mode, int input, int hidden, int layers = 1, bool bidirectional = false, bool batchFirst = false,
        float dropout = 0, ulong seed = 0, bool bias = true) => mode switch
    {
        "lstm" => new Lstm(input, hidden, layers, bias, batchFirst, bidirectional, dropout, seed),
        "gru" => new Gru(input, hidden, layers, bias, batchFirst, bidirectional, dropout, seed),
        "rnn_relu" => new MLNet.Rnn.Nn.Rnn(input, hidden, layers, "relu", bias, batchFirst, bidirectional, dropout, seed),
        _ => new MLNet.Rnn.Nn.Rnn(input, hidden, layers, "tanh", bias, batchFirst, bidirectional, dropout, seed),
    };

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        for (int i = 0; i < expected.Length; i++)
            Bound.Near(actual[i], expected[i], tolerance, $"{what}[{i}]");
    }
}
