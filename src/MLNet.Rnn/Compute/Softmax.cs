using System.Numerics.Tensors;

namespace MLNet.Rnn.Compute;

/// <summary>Softmax that cannot overflow.</summary>
internal static class Softmax
{
    /// <summary>
    /// Writes softmax(<paramref name="logits"/>) to <paramref name="probabilities"/>, subtracting the maximum first.
    /// <see cref="TensorPrimitives.SoftMax{T}(ReadOnlySpan{T}, Span{T})"/> does not, so a logit above ~88 makes
    /// exp overflow to infinity and the probabilities NaN. Logits of -infinity (masked out) get probability 0.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        TensorPrimitives.Divide(probabilities, TensorPrimitives.Sum<float>(probabilities), probabilities);
    }

    /// <summary>Softmax of each row of <paramref name="logits"/> (rows of <paramref name="classes"/>).</summary>
    public static float[] Rows(ReadOnlySpan<float> logits, int classes)
    {
        var probabilities = new float[logits.Length];
        for (int r = 0; r < logits.Length; r += classes)
            Compute(logits.Slice(r, classes), probabilities.AsSpan(r, classes));
        return probabilities;
    }
}
