namespace MLNet.Rnn.Nn.Recurrent;

/// <summary>The four parameters of one layer in one direction (biases absent when the module has none).</summary>
internal sealed class DirectionWeights
{
    public DirectionWeights(ParameterStore store, string suffix, int gates, int inputSize, int hiddenSize, bool bias, bool reverse, string prefix)
    {
        // Registration order is PyTorch's: weight_ih, weight_hh, bias_ih, bias_hh, per layer and direction.
        WeightIh = store.Add($"{prefix}weight_ih{suffix}", gates * hiddenSize, inputSize);
        WeightHh = store.Add($"{prefix}weight_hh{suffix}", gates * hiddenSize, hiddenSize);
        if (bias)
        {
            BiasIh = store.Add($"{prefix}bias_ih{suffix}", gates * hiddenSize);
            BiasHh = store.Add($"{prefix}bias_hh{suffix}", gates * hiddenSize);
        }
        InputSize = inputSize;
        Reverse = reverse;
    }

    public Parameter WeightIh { get; }
    public Parameter WeightHh { get; }
    public Parameter? BiasIh { get; }
    public Parameter? BiasHh { get; }
    public int InputSize { get; }
    public bool Reverse { get; }

    public IEnumerable<Parameter> All()
    {
        yield return WeightIh;
        yield return WeightHh;
        if (BiasIh is not null) yield return BiasIh;
        if (BiasHh is not null) yield return BiasHh;
    }
}
