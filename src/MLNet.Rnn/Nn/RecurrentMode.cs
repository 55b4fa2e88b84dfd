namespace MLNet.Rnn.Nn;

/// <summary>The recurrent cell, as PyTorch's <c>mode</c> names it.</summary>
internal enum RecurrentMode
{
    /// <summary>Elman RNN with tanh: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh).</summary>
    RnnTanh,

    /// <summary>Elman RNN with relu: h' = relu(x W_ih^T + b_ih + h W_hh^T + b_hh).</summary>
    RnnRelu,

    /// <summary>Long short-term memory; gates input, forget, cell, output (i, f, g, o).</summary>
    Lstm,

    /// <summary>Gated recurrent unit; gates reset, update, new (r, z, n).</summary>
    Gru,
}

internal static class RecurrentModeExtensions
{
    /// <summary>How many hidden-sized blocks the gate weights have: 4 for LSTM, 3 for GRU, 1 for RNN.</summary>
    public static int GateCount(this RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => 4,
        RecurrentMode.Gru => 3,
        _ => 1,
    };

    public static bool HasCellState(this RecurrentMode mode) => mode == RecurrentMode.Lstm;

    /// <summary>The Elman mode for PyTorch's <c>nonlinearity</c> argument.</summary>
    public static RecurrentMode ElmanMode(string nonlinearity, string parameterName) => nonlinearity switch
    {
        "tanh" => RecurrentMode.RnnTanh,
        "relu" => RecurrentMode.RnnRelu,
        _ => throw new ArgumentException($"Unknown nonlinearity '{nonlinearity}'; expected \"tanh\" or \"relu\".", parameterName),
    };
}
