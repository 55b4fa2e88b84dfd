namespace MLNet.Rnn.Tests.Nn;

/// <summary>Checks analytic gradients against central differences of a loss, element by element.</summary>
internal static class FiniteDifferences
{
    // Large enough that float32 rounding of the loss stays well below the tolerance, small enough for the curvature.
    private const float Step = 1e-2f;

    /// <summary>
    /// For every <paramref name="stride"/>-th element of <paramref name="values"/> (which <paramref name="loss"/> reads),
    /// (loss(v + h) - loss(v - h)) / 2h is within <paramref name="tolerance"/> of <paramref name="analytic"/>.
    /// </summary>
    public static void AssertMatches(float[] values, ReadOnlySpan<float> analytic, Func<double> loss, int stride, double tolerance, string what)
    {
        Assert.AreEqual(values.Length, analytic.Length, $"{what}: one gradient per value");
        for (int i = 0; i < values.Length; i += stride)
        {
            float saved = values[i];
            values[i] = saved + Step;
            double plus = loss();
            values[i] = saved - Step;
            double minus = loss();
            values[i] = saved;
            Bound.Near(analytic[i], (plus - minus) / (2 * Step), tolerance, $"{what}[{i}]");
        }
    }

    /// <summary>sum(output * weights), in double: a loss whose gradient with respect to the output is <paramref name="weights"/>.</summary>
    public static double Weighted(ReadOnlySpan<float> output, ReadOnlySpan<float> weights)
    {
        Assert.AreEqual(weights.Length, output.Length, "one weight per output");
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
            sum += (double)output[i] * weights[i];
        return sum;
    }
}
