namespace MLNet.Rnn.Nn;

/// <summary>
/// A multi-layer GRU, like <c>torch.nn.GRU</c>: per layer and direction <c>weight_ih_l{k}</c>
/// <c>(3*hidden, input)</c>, <c>weight_hh_l{k}</c> <c>(3*hidden, hidden)</c>, biases <c>(3*hidden)</c>;
/// gates r, z, n, with b_hn inside the reset product.
/// </summary>
internal sealed class Gru : RecurrentModule
{
    /// <inheritdoc cref="Lstm(int, int, int, bool, bool, bool, float, ulong, ParameterStore?, string)"/>
    public Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
        bool bidirectional = false, float dropout = 0, ulong seed = 0, ParameterStore? store = null, string prefix = "")
        : base(RecurrentMode.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, dropout, seed, store, prefix)
    {
    }
}
