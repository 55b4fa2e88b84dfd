namespace MLNet.Rnn.Nn;

/// <summary>
/// One named parameter: a view of a range of its <see cref="ParameterStore"/>'s flat value buffer and,
/// at the same range, of its flat gradient buffer.
/// </summary>
internal sealed class Parameter
{
    internal Parameter(ParameterStore store, string name, int[] shape, int offset, int length)
    {
        Store = store;
        Name = name;
        Shape = shape;
        Offset = offset;
        Length = length;
    }

    /// <summary>The store that holds this parameter's values and gradients.</summary>
    public ParameterStore Store { get; }

    /// <summary>The PyTorch name, e.g. <c>weight_ih_l0_reverse</c> or <c>rnn.weight_hh_l1</c>.</summary>
    public string Name { get; }

    /// <summary>The PyTorch shape, e.g. <c>(4*hidden, input)</c> for an LSTM's <c>weight_ih_l0</c>.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Where the parameter starts in the store's flat buffers.</summary>
    public int Offset { get; }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The values, row-major in <see cref="Shape"/>.</summary>
    public Span<float> Value => Store.Values.AsSpan(Offset, Length);

    /// <summary>The accumulated gradient, same layout as <see cref="Value"/>.</summary>
    public Span<float> Gradient => Store.Gradients.AsSpan(Offset, Length);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}{Tensor.FormatShape(Shape)}";
}
