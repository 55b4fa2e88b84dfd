using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Training.Optimizers;

/// <summary>
/// Adam, <c>torch.optim.Adam</c>: weight decay as an L2 term added to the gradient, then
/// m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
internal class Adam : Optimizer
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;

    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="beta1">Decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for stability.</param>
    /// <param name="weightDecay">Weight-decay coefficient.</param>
    public Adam(ParameterStore parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _firstMoment = new float[parameters.Count];
        _secondMoment = new float[parameters.Count];
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the denominator.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<float[]> State => [_firstMoment, _secondMoment];

    /// <summary>Whether weight decay shrinks the weights directly (AdamW) rather than adding to the gradient (Adam).</summary>
    private protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc/>
    protected sealed override void Update(Span<float> values, ReadOnlySpan<float> gradients, int step)
    {
        float lr = LearningRate, wd = WeightDecay, b1 = Beta1, b2 = Beta2, eps = Epsilon;
        double correction1 = 1 - Math.Pow(b1, step);
        float stepSize = (float)(lr / correction1);
        float correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(b2, step));
        float shrink = DecoupledWeightDecay ? 1 - lr * wd : 1;
        float l2 = DecoupledWeightDecay ? 0 : wd;
        var m = _firstMoment;
        var v = _secondMoment;
        for (int i = 0; i < values.Length; i++)
        {
            float p = values[i] * shrink;
            float g = gradients[i] + l2 * values[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            values[i] = p - stepSize * m[i] / (MathF.Sqrt(v[i]) / correction2Sqrt + eps);
        }
    }
}

/// <summary>
/// AdamW, <c>torch.optim.AdamW</c>: Adam whose weight decay shrinks the weights directly, p *= 1 - lr * wd,
/// instead of adding to the gradient (PyTorch's default weight decay for AdamW is 0.01).
/// </summary>
internal sealed class AdamW : Adam
{
    /// <inheritdoc cref="Adam(ParameterStore, float, float, float, float, float)"/>
    public AdamW(ParameterStore parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    private protected override bool DecoupledWeightDecay => true;
}
