using MLNet.Rnn.Compute;

namespace MLNet.Rnn;

/// <summary>
/// One row's input encoded into buffers reused row after row: the model reads the first <see cref="Length"/> ids (token
/// inputs) or values (numeric inputs, steps x features). <see cref="TokenCount"/> is as in <see cref="EncodedInput"/>.
/// </summary>
internal sealed class EncodedRow
{
    public int[] Ids = [];
    public float[] Features = [];
    public int Length;
    public int TokenCount;

    public Span<int> IdsOf(int length)
    {
        Buffers.Grow(ref Ids, length);
        Length = length;
        return Ids.AsSpan(0, length);
    }

    public Span<float> FeaturesOf(int length)
    {
        Buffers.Grow(ref Features, length);
        Length = length;
        return Features.AsSpan(0, length);
    }

    /// <summary>A copy that outlives the next row (rows scored together in a batch).</summary>
    public EncodedInput Copy(bool tokens) => tokens ? new(Ids[..Length], null, TokenCount) : new(null, Features[..Length], 0);
}
