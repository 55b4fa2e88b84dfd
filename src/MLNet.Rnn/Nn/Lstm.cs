namespace MLNet.Rnn.Nn;

/// <summary>
/// A multi-layer LSTM, like <c>torch.nn.LSTM</c>: per layer and direction <c>weight_ih_l{k}</c>
/// <c>(4*hidden, input)</c>, <c>weight_hh_l{k}</c> <c>(4*hidden, hidden)</c>, <c>bias_ih_l{k}</c>,
/// <c>bias_hh_l{k}</c> <c>(4*hidden)</c>, with <c>_reverse</c> for the backward direction; gates i, f, g, o.
/// </summary>
internal sealed class Lstm : RecurrentModule
{
    /// <summary>Creates the module with PyTorch's initialisation drawn from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">Features per input step.</param>
    /// <param name="hiddenSize">Features of the hidden and cell state.</param>
    /// <param name="numLayers">Stacked layers; each above the first reads the one below.</param>
    /// <param name="bias">Whether the layers have biases.</param>
    /// <param name="batchFirst">Whether padded tensors are <c>(B, T, F)</c>.</param>
    /// <param name="bidirectional">Whether each layer also runs backwards in time.</param>
    /// <param name="dropout">Dropout on the outputs of every layer but the last, in training.</param>
    /// <param name="seed">Seeds the initial weights and the dropout masks.</param>
    /// <param name="store">A store to register the parameters in (shared with other modules of a model), or null for a new one.</param>
    /// <param name="prefix">Put before every parameter name, e.g. <c>"rnn."</c>.</param>
    public Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
        bool bidirectional = false, float dropout = 0, ulong seed = 0, ParameterStore? store = null, string prefix = "")
        : base(RecurrentMode.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, dropout, seed, store, prefix)
    {
    }
}
