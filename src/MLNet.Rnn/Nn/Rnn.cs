namespace MLNet.Rnn.Nn;

/// <summary>
/// A multi-layer Elman RNN, like <c>torch.nn.RNN</c>: h' = tanh or relu(x W_ih^T + b_ih + h W_hh^T + b_hh),
/// weights <c>(hidden, input)</c> and <c>(hidden, hidden)</c> per layer and direction.
/// </summary>
internal sealed class Rnn : RecurrentModule
{
    /// <summary>Creates the module with PyTorch's initialisation drawn from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">Features per input step.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="numLayers">Stacked layers; each above the first reads the one below.</param>
    /// <param name="nonlinearity"><c>"tanh"</c> or <c>"relu"</c>, as in PyTorch.</param>
    /// <param name="bias">Whether the layers have biases.</param>
    /// <param name="batchFirst">Whether padded tensors are <c>(B, T, F)</c>.</param>
    /// <param name="bidirectional">Whether each layer also runs backwards in time.</param>
    /// <param name="dropout">Dropout on the outputs of every layer but the last, in training.</param>
    /// <param name="seed">Seeds the initial weights and the dropout masks.</param>
    /// <param name="store">A store to register the parameters in, or null for a new one.</param>
    /// <param name="prefix">Put before every parameter name, e.g. <c>"rnn."</c>.</param>
    public Rnn(int inputSize, int hiddenSize, int numLayers = 1, string nonlinearity = "tanh", bool bias = true, bool batchFirst = false,
        bool bidirectional = false, float dropout = 0, ulong seed = 0, ParameterStore? store = null, string prefix = "")
        : base(RecurrentModeExtensions.ElmanMode(nonlinearity, nameof(nonlinearity)), inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, dropout, seed, store, prefix)
    {
    }
}
