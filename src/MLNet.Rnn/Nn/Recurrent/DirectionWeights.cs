namespace MLNet.Rnn.Nn.Recurrent;

/// <summary>The four parameters of one layer in one direction (biases absent when the module has none).</summary>
internal sealed class DirectionWeights(Parameter weightIh, Parameter weightHh, Parameter? biasIh, Parameter? biasHh, bool reverse)
{

    public Parameter WeightIh { get; } = weightIh;
    public Parameter WeightHh { get; } = weightHh;
    public Parameter? BiasIh { get; } = biasIh;
    public Parameter? BiasHh { get; } = biasHh;
    public int InputSize { get; } = weightIh.Shape[1];
    public bool Reverse { get; } = reverse;

    public IEnumerable<Parameter> All()
    {
        yield return WeightIh;
        yield return WeightHh;
        if (BiasIh is not null) yield return BiasIh;
        if (BiasHh is not null) yield return BiasHh;
    }
}
