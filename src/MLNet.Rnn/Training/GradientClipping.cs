namespace MLNet.Rnn.Training;

/// <summary>Global-norm gradient clipping, like <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
internal static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> by <c>min(1, maxNorm / (norm + 1e-6))</c>, where norm is the L2 norm
    /// over all of them, and returns that norm (before clipping).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive.</exception>
    public static double ClipGlobalNorm(Span<float> gradients, double maxNorm)
    {
        if (!(maxNorm > 0))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive.");
        double sum = 0;
        foreach (float g in gradients)
            sum += (double)g * g;
        double norm = Math.Sqrt(sum);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1)
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, (float)coefficient, gradients);
        return norm;
    }
}
