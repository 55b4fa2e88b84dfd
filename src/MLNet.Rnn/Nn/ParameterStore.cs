namespace MLNet.Rnn.Nn;

/// <summary>
/// All parameters of a model in one flat value buffer and one flat gradient buffer, with named views.
/// </summary>
/// <remarks>
/// One buffer makes the optimizer step, gradient clipping, zeroing and saving each a single loop, and
/// matches the flat weight space of cuDNN. Modules register their parameters while they are built;
/// several modules may share one store, each under its own name prefix.
/// </remarks>
internal sealed class ParameterStore
{
    private readonly List<Parameter> _parameters = [];
    private readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);
    private float[] _values = [];
    private float[] _gradients = [];
    private int _count;

    /// <summary>An empty store that grows as parameters are registered.</summary>
    public ParameterStore()
    {
    }

    /// <summary>
    /// A store with room for exactly <paramref name="capacity"/> values, so that registering that many allocates
    /// each buffer once (a model that knows its size up front; growing per parameter is quadratic in their number).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is negative or beyond the largest buffer.</exception>
    public ParameterStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, Array.MaxLength);
        _values = new float[capacity];
        _gradients = new float[capacity];
    }

    /// <summary>Every parameter's values, back to back in registration order (of length <see cref="Count"/> once a reserved capacity is filled).</summary>
    public float[] Values => _values;

    /// <summary>Every parameter's gradients, at the same offsets as <see cref="Values"/>.</summary>
    public float[] Gradients => _gradients;

    /// <summary>The parameters in registration order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The total number of scalar parameters registered.</summary>
    public int Count => _count;

    /// <summary>The parameter with the given name.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public Parameter this[string name] => _byName.TryGetValue(name, out var p)
        ? p
        : throw new KeyNotFoundException($"No parameter named '{name}'. Known: {string.Join(", ", _byName.Keys)}.");

    /// <summary>Whether a parameter has the given name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Registers a zero-initialised parameter and grows the buffers to hold it.</summary>
    /// <exception cref="ArgumentException">The name is taken or a dimension is not positive.</exception>
    public Parameter Add(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_byName.ContainsKey(name))
            throw new ArgumentException($"A parameter named '{name}' is already registered.", nameof(name));
        long length = 1;
        foreach (int d in shape)
        {
            if (d <= 0)
                throw new ArgumentException($"Parameter '{name}' has shape {Tensor.FormatShape(shape)}; every dimension must be positive.", nameof(shape));
            length *= d;
        }
        if (_count + length > Array.MaxLength)
            throw new ArgumentException($"Parameter '{name}' of {length} elements would exceed the largest possible buffer.", nameof(shape));

        var parameter = new Parameter(this, name, (int[])shape.Clone(), _count, (int)length);
        _count += (int)length;
        if (_count > _values.Length)
        {
            Array.Resize(ref _values, _count);
            Array.Resize(ref _gradients, _count);
        }
        _parameters.Add(parameter);
        _byName.Add(name, parameter);
        return parameter;
    }

    /// <summary>Sets every gradient to zero (gradients accumulate across backward passes, as in PyTorch).</summary>
    public void ZeroGradients() => Array.Clear(_gradients);
}
