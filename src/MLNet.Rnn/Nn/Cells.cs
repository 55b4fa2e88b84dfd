namespace MLNet.Rnn.Nn;

/// <summary>An Elman RNN cell, like <c>torch.nn.RNNCell</c>: h' = tanh or relu(x W_ih^T + b_ih + h W_hh^T + b_hh).</summary>
internal sealed class RnnCell : RecurrentCellBase
{
    /// <summary>Creates the cell with PyTorch's initialisation, U(-1/sqrt(hidden), 1/sqrt(hidden)), from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">Features of the input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="bias">Whether the cell has biases.</param>
    /// <param name="nonlinearity"><c>"tanh"</c> or <c>"relu"</c>.</param>
    /// <param name="seed">Seeds the initial weights.</param>
    /// <param name="store">A store to register the parameters in, or null for a new one.</param>
    /// <param name="prefix">Put before every parameter name.</param>
    public RnnCell(int inputSize, int hiddenSize, bool bias = true, string nonlinearity = "tanh", ulong seed = 0, ParameterStore? store = null, string prefix = "")
        : base(RecurrentModeExtensions.ElmanMode(nonlinearity, nameof(nonlinearity)), inputSize, hiddenSize, bias, seed, store, prefix)
    {
    }
}

/// <summary>An LSTM cell, like <c>torch.nn.LSTMCell</c>: gates i, f, g, o; weights <c>(4*hidden, ·)</c>.</summary>
internal sealed class LstmCell : RecurrentCellBase
{
    /// <inheritdoc cref="GruCell(int, int, bool, ulong, ParameterStore?, string)"/>
    public LstmCell(int inputSize, int hiddenSize, bool bias = true, ulong seed = 0, ParameterStore? store = null, string prefix = "")
        : base(RecurrentMode.Lstm, inputSize, hiddenSize, bias, seed, store, prefix)
    {
    }
}

/// <summary>A GRU cell, like <c>torch.nn.GRUCell</c>: gates r, z, n; weights <c>(3*hidden, ·)</c>.</summary>
internal sealed class GruCell : RecurrentCellBase
{
    /// <summary>Creates the cell with PyTorch's initialisation, U(-1/sqrt(hidden), 1/sqrt(hidden)), from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">Features of the input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="bias">Whether the cell has biases.</param>
    /// <param name="seed">Seeds the initial weights.</param>
    /// <param name="store">A store to register the parameters in, or null for a new one.</param>
    /// <param name="prefix">Put before every parameter name.</param>
    public GruCell(int inputSize, int hiddenSize, bool bias = true, ulong seed = 0, ParameterStore? store = null, string prefix = "")
        : base(RecurrentMode.Gru, inputSize, hiddenSize, bias, seed, store, prefix)
    {
    }
}
