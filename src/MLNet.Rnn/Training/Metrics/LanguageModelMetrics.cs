namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Metrics of a language model (or any per-token probabilistic predictor) from its negative log-likelihood in nats.
/// </summary>
/// <remarks>
/// <c>Perplexity = exp(NegativeLogLikelihood / TokenCount)</c>: a model that is uniform over <c>V</c> tokens has
/// perplexity exactly <c>V</c>. A token given probability 0 (log-probability −∞) makes the perplexity +∞.
/// </remarks>
public sealed record LanguageModelMetrics
{
    internal LanguageModelMetrics(double negativeLogLikelihood, long tokenCount)
    {
        NegativeLogLikelihood = negativeLogLikelihood;
        TokenCount = tokenCount;
    }

    /// <summary>Summed negative log-likelihood (natural log) of all tokens.</summary>
    public double NegativeLogLikelihood { get; }

    /// <summary>Number of tokens.</summary>
    public long TokenCount { get; }

    /// <summary>Mean negative log-likelihood per token in nats (the cross-entropy loss).</summary>
    public double CrossEntropy => NegativeLogLikelihood / TokenCount;

    /// <summary>Mean negative log-likelihood per token in bits: <see cref="CrossEntropy"/> / ln 2.</summary>
    public double BitsPerToken => CrossEntropy / Math.Log(2);

    /// <summary>Perplexity: <c>exp(</c><see cref="CrossEntropy"/><c>)</c>.</summary>
    public double Perplexity => Math.Exp(CrossEntropy);

    /// <summary>Builds the metrics from a summed negative log-likelihood and the number of tokens it covers.</summary>
    /// <param name="negativeLogLikelihood">Sum over tokens of <c>-ln p(token)</c>; at least 0, not NaN (+∞ allowed).</param>
    /// <param name="tokenCount">Number of tokens, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenCount"/> is less than 1, or <paramref name="negativeLogLikelihood"/> is negative or NaN.</exception>
    internal static LanguageModelMetrics FromNegativeLogLikelihood(double negativeLogLikelihood, long tokenCount)
    {
        ValidateNegativeLogLikelihood(negativeLogLikelihood, nameof(negativeLogLikelihood));
        if (tokenCount < 1)
            throw new ArgumentOutOfRangeException(nameof(tokenCount), tokenCount, "Expected at least one token.");
        return new LanguageModelMetrics(negativeLogLikelihood, tokenCount);
    }

    /// <summary>Builds the metrics from the natural-log probability the model gave to each actual token.</summary>
    /// <param name="logProbabilities">One <c>ln p(token)</c> per token, each ≤ 0 and not NaN (−∞ allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="logProbabilities"/> is empty, or holds a positive value or NaN.</exception>
    internal static LanguageModelMetrics FromLogProbabilities(ReadOnlySpan<float> logProbabilities)
    {
        MetricGuard.NotEmpty(logProbabilities.Length, nameof(logProbabilities));
        return new LanguageModelMetrics(SumNegativeLogLikelihood(logProbabilities, nameof(logProbabilities)), logProbabilities.Length);
    }

    internal static void ValidateNegativeLogLikelihood(double value, string argument)
    {
        if (!(value >= 0)) // also rejects NaN
            throw new ArgumentOutOfRangeException(argument, value, "Expected a summed negative log-likelihood ≥ 0 (not NaN).");
    }

    /// <summary>Validates every log-probability, then returns <c>-Σ logProbabilities</c>.</summary>
    internal static double SumNegativeLogLikelihood(ReadOnlySpan<float> logProbabilities, string argument)
    {
        double sum = 0;
        for (int i = 0; i < logProbabilities.Length; i++)
        {
            float lp = logProbabilities[i];
            if (!(lp <= 0f)) // also rejects NaN
                throw new ArgumentException($"Expected every log-probability in {argument} to be ≤ 0 (natural log) but {argument}[{i}] is {lp}.", argument);
            sum -= lp;
        }
        return sum;
    }
}
