namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Accumulates a language model's negative log-likelihood batch by batch and computes <see cref="LanguageModelMetrics"/>
/// (perplexity) over every token added. A batch that fails validation adds nothing. Not thread-safe.
/// </summary>
internal sealed class LanguageModelMetricsAccumulator
{
    private double _negativeLogLikelihood;
    private long _tokenCount;

    /// <summary>Number of tokens added so far.</summary>
    public long TokenCount => _tokenCount;

    /// <summary>Adds the natural-log probability the model gave to each actual token of a batch.</summary>
    /// <param name="logProbabilities">One <c>ln p(token)</c> per token, each ≤ 0 and not NaN (−∞ allowed). May be empty.</param>
    /// <exception cref="ArgumentException">A value is positive or NaN.</exception>
    public void Add(ReadOnlySpan<float> logProbabilities)
    {
        double sum = LanguageModelMetrics.SumNegativeLogLikelihood(logProbabilities, nameof(logProbabilities));
        _negativeLogLikelihood += sum;
        _tokenCount += logProbabilities.Length;
    }

    /// <summary>Adds a batch summarized as its summed negative log-likelihood and token count (e.g. a mean loss times the token count).</summary>
    /// <param name="negativeLogLikelihood">Sum over the batch's tokens of <c>-ln p(token)</c>; at least 0, not NaN (+∞ allowed).</param>
    /// <param name="tokenCount">Number of tokens in the batch, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or NaN.</exception>
    public void Add(double negativeLogLikelihood, long tokenCount)
    {
        LanguageModelMetrics.ValidateNegativeLogLikelihood(negativeLogLikelihood, nameof(negativeLogLikelihood));
        if (tokenCount < 0)
            throw new ArgumentOutOfRangeException(nameof(tokenCount), tokenCount, "Expected a token count ≥ 0.");
        _negativeLogLikelihood += negativeLogLikelihood;
        _tokenCount += tokenCount;
    }

    /// <summary>Forgets everything added so far.</summary>
    public void Reset()
    {
        _negativeLogLikelihood = 0;
        _tokenCount = 0;
    }

    /// <summary>Computes the metrics over every token added since construction or the last <see cref="Reset"/>.</summary>
    /// <exception cref="InvalidOperationException">No token has been added.</exception>
    public LanguageModelMetrics Compute()
    {
        if (_tokenCount == 0)
            throw new InvalidOperationException("Cannot compute language-model metrics: no token has been added.");
        return new LanguageModelMetrics(_negativeLogLikelihood, _tokenCount);
    }
}
