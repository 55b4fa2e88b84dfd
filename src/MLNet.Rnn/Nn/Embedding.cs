using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Nn;

/// <summary>
/// A lookup table of vectors, like <c>torch.nn.Embedding</c>: parameter <c>weight</c>
/// <c>(numEmbeddings, embeddingDim)</c>, initialised N(0, 1); the padding row, if any, starts at zero and
/// never receives a gradient.
/// </summary>
internal sealed class Embedding
{
    private readonly Parameter _weight;

    /// <summary>Creates the table from <paramref name="seed"/>.</summary>
    /// <param name="numEmbeddings">The number of ids (vocabulary size).</param>
    /// <param name="embeddingDim">The length of each vector.</param>
    /// <param name="paddingIndex">An id whose vector stays zero and untrained, or null.</param>
    /// <param name="seed">Seeds the initial vectors.</param>
    /// <param name="store">A store to register the parameter in, or null for a new one.</param>
    /// <param name="prefix">Put before the parameter name, e.g. <c>"embedding."</c>.</param>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIndex = null, ulong seed = 0, ParameterStore? store = null, string prefix = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingDim);
        if (paddingIndex is { } pad && (pad < 0 || pad >= numEmbeddings))
            throw new ArgumentOutOfRangeException(nameof(paddingIndex), pad, $"The padding index must be in [0, {numEmbeddings}).");
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIndex = paddingIndex;
        Parameters = store ?? new ParameterStore();
        _weight = Parameters.Add(prefix + "weight", numEmbeddings, embeddingDim);
        new Rng(seed).FillNormal(_weight.Value);
        if (paddingIndex is { } p)
            _weight.Value.Slice(p * embeddingDim, embeddingDim).Clear();
    }

    /// <summary>The number of ids.</summary>
    public int NumEmbeddings { get; }

    /// <summary>The length of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The id whose vector is zero and untrained, if any.</summary>
    public int? PaddingIndex { get; }

    /// <summary>The parameter store holding <c>weight</c>.</summary>
    public ParameterStore Parameters { get; }

    /// <summary>The table, <c>(NumEmbeddings, EmbeddingDim)</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary>Writes the vector of each id to consecutive rows of <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, NumEmbeddings).</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not <c>ids.Length * EmbeddingDim</c> long.</exception>
    public void Forward(ReadOnlySpan<int> ids, Span<float> output)
    {
        ExpectLength(output.Length, ids.Length, nameof(output));
        ReadOnlySpan<float> table = _weight.Value;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = CheckedId(ids, i);
            table.Slice(id * EmbeddingDim, EmbeddingDim).CopyTo(output.Slice(i * EmbeddingDim, EmbeddingDim));
        }
    }

    /// <summary>Checks every id as <see cref="Forward(ReadOnlySpan{int}, Span{float})"/> does, for callers that look up something else by id.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, NumEmbeddings).</exception>
    internal void CheckIds(ReadOnlySpan<int> ids)
    {
        for (int i = 0; i < ids.Length; i++)
            CheckedId(ids, i);
    }

    /// <summary>The vectors of <paramref name="ids"/>, <c>(ids.Length, EmbeddingDim)</c>.</summary>
    public Tensor Forward(int[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var output = new float[ids.Length * EmbeddingDim];
        Forward(ids, output);
        return new Tensor(output, ids.Length, EmbeddingDim);
    }

    /// <summary>Adds each row of <paramref name="gradOutput"/> to the gradient of its id's vector (except the padding id).</summary>
    public void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<float> gradOutput)
    {
        ExpectLength(gradOutput.Length, ids.Length, nameof(gradOutput));
        var grad = _weight.Gradient;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = CheckedId(ids, i);
            if (id == PaddingIndex)
                continue;
            System.Numerics.Tensors.TensorPrimitives.Add(grad.Slice(id * EmbeddingDim, EmbeddingDim), gradOutput.Slice(i * EmbeddingDim, EmbeddingDim), grad.Slice(id * EmbeddingDim, EmbeddingDim));
        }
    }

    private int CheckedId(ReadOnlySpan<int> ids, int position)
    {
        int id = ids[position];
        if ((uint)id >= (uint)NumEmbeddings)
            throw new ArgumentOutOfRangeException(nameof(ids), id, $"Id {id} at position {position} is outside [0, {NumEmbeddings}).");
        return id;
    }

    private void ExpectLength(int actual, int count, string name)
    {
        if (actual != (long)count * EmbeddingDim)
            throw new ArgumentException($"Expected {count} rows of {EmbeddingDim} ({(long)count * EmbeddingDim} values), got {actual}.", name);
    }
}
