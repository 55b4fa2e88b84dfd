using System.Numerics.Tensors;
using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Nn;

/// <summary>
/// y = x W^T + b, like <c>torch.nn.Linear</c>: parameters <c>weight</c> <c>(outFeatures, inFeatures)</c> and
/// <c>bias</c> <c>(outFeatures)</c>, both initialised U(-1/sqrt(inFeatures), 1/sqrt(inFeatures)) as PyTorch's
/// default (Kaiming uniform with a = sqrt(5)) works out to.
/// </summary>
/// <remarks>Stateless between calls: backward takes the forward input again, so one layer serves many rows.</remarks>
internal sealed class Linear
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;

    /// <summary>Creates the layer from <paramref name="seed"/>.</summary>
    /// <param name="inFeatures">Features of each input row.</param>
    /// <param name="outFeatures">Features of each output row.</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <param name="seed">Seeds the initial values.</param>
    /// <param name="store">A store to register the parameters in, or null for a new one.</param>
    /// <param name="prefix">Put before the parameter names, e.g. <c>"head."</c>.</param>
    public Linear(int inFeatures, int outFeatures, bool bias = true, ulong seed = 0, ParameterStore? store = null, string prefix = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Parameters = store ?? new ParameterStore();
        _weight = Parameters.Add(prefix + "weight", outFeatures, inFeatures);
        _bias = bias ? Parameters.Add(prefix + "bias", outFeatures) : null;
        var rng = new Rng(seed);
        float bound = 1f / MathF.Sqrt(inFeatures);
        rng.FillUniform(_weight.Value, -bound, bound);
        if (_bias is not null)
            rng.FillUniform(_bias.Value, -bound, bound);
    }

    /// <summary>Features of each input row.</summary>
    public int InFeatures { get; }

    /// <summary>Features of each output row.</summary>
    public int OutFeatures { get; }

    /// <summary>The parameter store holding <c>weight</c> and <c>bias</c>.</summary>
    public ParameterStore Parameters { get; }

    /// <summary>The weight, <c>(OutFeatures, InFeatures)</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, <c>(OutFeatures)</c>, or null.</summary>
    public Parameter? Bias => _bias;

    /// <summary>Computes <paramref name="rows"/> output rows from as many input rows.</summary>
    public void Forward(ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        ExpectRows(input.Length, rows, InFeatures, nameof(input));
        ExpectRows(output.Length, rows, OutFeatures, nameof(output));
        Sgemm.Multiply(false, true, rows, OutFeatures, InFeatures, 1f, input, InFeatures, _weight.Value, InFeatures, 0f, output, OutFeatures);
        if (_bias is not null)
        {
            ReadOnlySpan<float> b = _bias.Value;
            for (int r = 0; r < rows; r++)
                TensorPrimitives.Add(output.Slice(r * OutFeatures, OutFeatures), b, output.Slice(r * OutFeatures, OutFeatures));
        }
    }

    /// <summary>
    /// Accumulates dW += dY^T X and db += column sums of dY, and writes dX = dY W into
    /// <paramref name="gradInput"/> unless it is empty.
    /// </summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, int rows, Span<float> gradInput)
    {
        ExpectRows(input.Length, rows, InFeatures, nameof(input));
        ExpectRows(gradOutput.Length, rows, OutFeatures, nameof(gradOutput));
        Sgemm.Multiply(true, false, OutFeatures, InFeatures, rows, 1f, gradOutput, OutFeatures, input, InFeatures, 1f, _weight.Gradient, InFeatures);
        if (_bias is not null)
        {
            var db = _bias.Gradient;
            for (int r = 0; r < rows; r++)
                TensorPrimitives.Add(db, gradOutput.Slice(r * OutFeatures, OutFeatures), db);
        }
        if (!gradInput.IsEmpty)
        {
            ExpectRows(gradInput.Length, rows, InFeatures, nameof(gradInput));
            Sgemm.Multiply(false, false, rows, InFeatures, OutFeatures, 1f, gradOutput, OutFeatures, _weight.Value, InFeatures, 0f, gradInput, InFeatures);
        }
    }

    /// <summary>Applies the layer to the last dimension of <paramref name="input"/> (<c>(..., InFeatures)</c>).</summary>
    public Tensor Forward(Tensor input)
    {
        int rows = RowsOf(input, InFeatures, nameof(input));
        var output = new float[rows * OutFeatures];
        Forward(input.Data, rows, output);
        return new Tensor(output, [.. input.Shape.Take(input.Rank - 1), OutFeatures]);
    }

    /// <summary>Backward for <see cref="Forward(Tensor)"/>: accumulates parameter gradients and returns dL/d input.</summary>
    public Tensor Backward(Tensor input, Tensor gradOutput)
    {
        int rows = RowsOf(input, InFeatures, nameof(input));
        if (RowsOf(gradOutput, OutFeatures, nameof(gradOutput)) != rows)
            throw new ArgumentException($"gradOutput {gradOutput.ShapeText} does not have one row per input row of {input.ShapeText}.", nameof(gradOutput));
        var gradInput = new float[input.Data.Length];
        Backward(input.Data, gradOutput.Data, rows, gradInput);
        return new Tensor(gradInput, [.. input.Shape]);
    }

    private static int RowsOf(Tensor tensor, int features, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.Rank == 0 || tensor.Size(tensor.Rank - 1) != features)
            throw new ArgumentException($"Expected {name} of shape (..., {features}), got {tensor.ShapeText}.", name);
        return tensor.Data.Length / features;
    }

    private static void ExpectRows(int actual, int rows, int features, string name)
    {
        if (actual != (long)rows * features)
            throw new ArgumentException($"Expected {rows} rows of {features} ({(long)rows * features} values), got {actual}.", name);
    }
}
