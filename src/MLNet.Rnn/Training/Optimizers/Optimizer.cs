using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Training.Optimizers;

/// <summary>
/// Updates every parameter of a <see cref="ParameterStore"/> from its accumulated gradient, with PyTorch's
/// formulas. The store's flat buffers make a step one loop over all parameters.
/// </summary>
internal abstract class Optimizer
{
    /// <summary>Binds the optimizer to <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate or weight decay is negative or not finite.</exception>
    protected Optimizer(ParameterStore parameters, float learningRate, float weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate >= 0 && float.IsFinite(learningRate)))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number >= 0.");
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay)))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be a finite number >= 0.");
        Parameters = parameters;
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters updated.</summary>
    public ParameterStore Parameters { get; }

    /// <summary>The learning rate of the next step (schedules change it between steps).</summary>
    public float LearningRate { get; set; }

    /// <summary>The weight-decay coefficient.</summary>
    public float WeightDecay { get; }

    /// <summary>Steps taken so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>Applies one update from the current gradients (it does not zero them).</summary>
    public void Step()
    {
        StepCount++;
        Update(Parameters.Values, Parameters.Gradients, StepCount);
    }

    /// <summary>The update rule for step <paramref name="step"/> (1-based).</summary>
    protected abstract void Update(Span<float> values, ReadOnlySpan<float> gradients, int step);

    /// <summary>The optimizer's state buffers (momentum, moments) for saving and restoring a training run.</summary>
    public abstract IReadOnlyList<float[]> State { get; }

    /// <summary>Creates the optimizer named like PyTorch's class, lower case: <c>sgd</c>, <c>adam</c>, <c>adamw</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static Optimizer Create(string name, ParameterStore parameters, float learningRate, float weightDecay = 0,
        float momentum = 0, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f) => name switch
    {
        "sgd" => new Sgd(parameters, learningRate, momentum, weightDecay),
        "adam" => new Adam(parameters, learningRate, beta1, beta2, epsilon, weightDecay),
        "adamw" => new AdamW(parameters, learningRate, beta1, beta2, epsilon, weightDecay),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; expected sgd, adam or adamw.", nameof(name)),
    };
}
