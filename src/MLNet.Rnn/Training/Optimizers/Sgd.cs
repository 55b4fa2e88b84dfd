using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Training.Optimizers;

/// <summary>
/// Stochastic gradient descent, <c>torch.optim.SGD</c> without dampening or Nesterov:
/// g = grad + wd * p; with momentum, buf = g on the first step and momentum * buf + g after; p -= lr * (buf or g).
/// </summary>
internal sealed class Sgd : Optimizer
{
    private readonly float[] _momentumBuffer;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="momentum">Momentum in [0, 1); 0 for plain SGD.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    public Sgd(ParameterStore parameters, float learningRate, float momentum = 0, float weightDecay = 0)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        Momentum = momentum;
        _momentumBuffer = momentum > 0 ? new float[parameters.Count] : [];
    }

    /// <summary>The momentum coefficient.</summary>
    public float Momentum { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<float[]> State => [_momentumBuffer];

    /// <inheritdoc/>
    protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, int step)
    {
        float lr = LearningRate, wd = WeightDecay, momentum = Momentum;
        for (int i = 0; i < values.Length; i++)
        {
            float g = gradients[i] + wd * values[i];
            if (momentum > 0)
                g = _momentumBuffer[i] = step == 1 ? g : momentum * _momentumBuffer[i] + g;
            values[i] -= lr * g;
        }
    }
}
