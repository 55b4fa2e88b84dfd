using System.Numerics;

namespace MLNet.Rnn.Compute;

/// <summary>
/// The gate nonlinearities on one vector or one value, so the fused step kernels apply them in registers between
/// their loads and stores rather than in separate passes over memory (at small hidden sizes those passes, not the
/// arithmetic, were most of a step's element-wise time).
/// </summary>
/// <remarks>
/// Both rest on <see cref="Exp"/>, a single-precision exponential about three times cheaper than <c>Vector.Exp</c>
/// (which works in double precision) and as accurate where the gates need it. Kernels use the scalar forms only for the
/// units past the last whole vector, which are the same units whatever share of a row a thread takes, so results never
/// depend on the split.
/// </remarks>
internal static class Activations
{
    // e^x = 2^k e^r with k = round(x log2 e) and r = x - k ln2, ln2 split in two so that k * Ln2High is exact.
    private const float Log2E = 1.44269504f, Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;

    // The reduction keeps 2^k a normal float: below the low bound e^x is under 1.2e-38, above the high one over 1.6e38,
    // where 1 / (1 + e^x) and (1 - e^x) / (1 + e^x) no longer change at float precision.
    private const float ExpLow = -87.33f, ExpHigh = 88f;

    /// <summary>
    /// e^x within 2 ulp on [-87.33, 88], clamped outside it; NaN stays NaN. The polynomial for e^r on |r| &lt;= ln2 / 2
    /// is Cephes' expf (1 + r + r^2 P(r), P of degree 5).
    /// </summary>
    public static Vector<float> Exp(Vector<float> x)
    {
        var clamped = Vector.MinNative(Vector.MaxNative(x, new Vector<float>(ExpLow)), new Vector<float>(ExpHigh));
        var k = Vector.Round(clamped * new Vector<float>(Log2E));
        var r = Vector.FusedMultiplyAdd(k, new Vector<float>(-Ln2High), clamped);
        r = Vector.FusedMultiplyAdd(k, new Vector<float>(-Ln2Low), r);
        var p = new Vector<float>(1.9875691500e-4f);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.3981999507e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(8.3334519073e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(4.1665795894e-2f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.6666665459e-1f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(5.0000001201e-1f));
        var er = Vector.FusedMultiplyAdd(p, r * r, r) + Vector<float>.One;
        var scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32Native(k) + new Vector<int>(127), 23));
        return Vector.ConditionalSelect(Vector.Equals(x, x), er * scale, x);
    }

    public static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Exp(-x));

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    // Below this |x|, (1 - e^(-2|x|)) / (1 + e^(-2|x|)) loses relative precision to cancellation; Cephes' tanhf odd
    // polynomial takes over there (x + x^3 P(x^2), P of degree 4).
    private const float TanhSmall = 0.625f;

    /// <summary>tanh x to about 2 ulp: an odd polynomial for |x| below 0.625, (1 - e^(-2|x|)) / (1 + e^(-2|x|)) with the sign of x above.</summary>
    public static Vector<float> Tanh(Vector<float> x)
    {
        var magnitude = Vector.Abs(x);
        var e = Exp(-(magnitude + magnitude));
        var large = (Vector<float>.One - e) / (Vector<float>.One + e);
        large = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -large, large);

        var z = x * x;
        var p = new Vector<float>(-5.70498872745e-3f);
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(2.06390887954e-2f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(-5.37397155531e-2f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1.33314422036e-1f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(-3.33332819422e-1f));
        var small = Vector.FusedMultiplyAdd(p * z, x, x);
        return Vector.ConditionalSelect(Vector.LessThan(magnitude, new Vector<float>(TanhSmall)), small, large);
    }

    public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>y = tanh(x) element-wise; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        int j = 0;
        for (; j <= x.Length - Vector<float>.Count; j += Vector<float>.Count)
            Tanh(new Vector<float>(x[j..])).CopyTo(y[j..]);
        for (; j < x.Length; j++)
            y[j] = Tanh(x[j]);
    }
}
