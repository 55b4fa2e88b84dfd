namespace MLNet.Rnn.Nn;

/// <summary>
/// A dense, row-major float32 array with a shape: the value type that crosses the public API of the
/// modules (inputs, outputs, states, gradients).
/// </summary>
internal sealed class Tensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied) with <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the element count does not match.</exception>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Shape {FormatShape(shape)} has a negative dimension.", nameof(shape));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"Shape {FormatShape(shape)} holds {count} elements but the data has {data.Length}.", nameof(data));
        Data = data;
        Shape = (int[])shape.Clone();
    }

    /// <summary>A zero-filled tensor of the given shape.</summary>
    public static Tensor Zeros(params int[] shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }
        return new Tensor(new float[count], shape);
    }

    /// <summary>The elements, row-major.</summary>
    public float[] Data { get; }

    /// <summary>The size of each dimension (a copy is not made; do not modify).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Count;

    /// <summary>The size of one dimension.</summary>
    public int Size(int dimension) => Shape[dimension];

    /// <summary>The element at the given indices (one per dimension).</summary>
    public float this[params int[] indices]
    {
        get => Data[Offset(indices)];
        set => Data[Offset(indices)] = value;
    }

    /// <summary>The shape written like PyTorch's, e.g. <c>(5, 3, 8)</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    /// <inheritdoc/>
    public override string ToString() => $"Tensor{ShapeText}";

    /// <summary>A shape written like PyTorch's, e.g. <c>(5, 3, 8)</c>, for messages.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => "(" + string.Join(", ", shape) + ")";

    private int Offset(int[] indices)
    {
        if (indices.Length != Shape.Count)
            throw new ArgumentException($"Expected {Shape.Count} indices for shape {ShapeText}, got {indices.Length}.", nameof(indices));
        int offset = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Shape[i])
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {indices[i]} is outside dimension {i} of size {Shape[i]}.");
            offset = offset * Shape[i] + indices[i];
        }
        return offset;
    }
}
