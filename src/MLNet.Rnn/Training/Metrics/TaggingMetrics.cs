namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Metrics of a sequence tagger: token accuracy, and entity-level precision, recall and F1 for BIO / IOB2 tags
/// computed as conlleval (and seqeval's default mode) define them.
/// </summary>
/// <remarks>
/// <para>
/// Entities: a tag <c>B-X</c> or <c>I-X</c> belongs to an entity of type <c>X</c>; any other tag, such as <c>O</c>, is outside.
/// An entity is a maximal span that starts at <c>B-X</c>, or at an <c>I-X</c> that does not continue an entity of type
/// <c>X</c>, and continues over the following <c>I-X</c> tags. A stray <c>I-X</c> (after <c>O</c>, after another type, or
/// first in the sentence) therefore starts a new entity, as in conlleval; it is not dropped as in seqeval's strict mode.
/// Entities never cross sentence boundaries.
/// </para>
/// <para>
/// A predicted entity is correct only if a true entity has exactly the same start, end and type.
/// Precision = correct / predicted entities and recall = correct / true entities, each 0 when its denominator is 0;
/// F1 is their harmonic mean, 0 when both are 0 (conlleval's convention).
/// </para>
/// <para>Token accuracy compares whole tags by ordinal string equality, <c>O</c> tokens included.</para>
/// </remarks>
public sealed record TaggingMetrics
{
    internal TaggingMetrics(long tokenCount, long correctTokens, long trueEntities, long predictedEntities, long correctEntities)
    {
        TokenCount = tokenCount;
        CorrectTokens = correctTokens;
        TrueEntities = trueEntities;
        PredictedEntities = predictedEntities;
        CorrectEntities = correctEntities;
    }

    /// <summary>Number of tokens.</summary>
    public long TokenCount { get; }

    /// <summary>Number of tokens whose predicted tag equals the true tag.</summary>
    public long CorrectTokens { get; }

    /// <summary>Number of entities in the truth.</summary>
    public long TrueEntities { get; }

    /// <summary>Number of entities in the predictions.</summary>
    public long PredictedEntities { get; }

    /// <summary>Number of predicted entities that match a true entity exactly (span and type).</summary>
    public long CorrectEntities { get; }

    /// <summary><see cref="CorrectTokens"/> / <see cref="TokenCount"/>.</summary>
    public double TokenAccuracy => (double)CorrectTokens / TokenCount;

    /// <summary><see cref="CorrectEntities"/> / <see cref="PredictedEntities"/>, or 0 when nothing was predicted.</summary>
    public double Precision => PredictedEntities == 0 ? 0 : (double)CorrectEntities / PredictedEntities;

    /// <summary><see cref="CorrectEntities"/> / <see cref="TrueEntities"/>, or 0 when the truth has no entity.</summary>
    public double Recall => TrueEntities == 0 ? 0 : (double)CorrectEntities / TrueEntities;

    /// <summary>Harmonic mean of <see cref="Precision"/> and <see cref="Recall"/>, or 0 when both are 0.</summary>
    public double F1
    {
        get
        {
            double p = Precision, r = Recall;
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /// <summary>Computes the metrics over sentences of tag strings.</summary>
    /// <param name="truth">True tags, one list per sentence.</param>
    /// <param name="predicted">Predicted tags: as many sentences as <paramref name="truth"/>, each as long as its true counterpart.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The sentence counts or a sentence's lengths disagree, a sentence or tag is null, or there is no token at all.</exception>
    internal static TaggingMetrics Compute(IReadOnlyList<IReadOnlyList<string>> truth, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        MetricGuard.SameLength(truth.Count, predicted.Count, nameof(predicted), "one predicted sentence per true sentence");
        var accumulator = new TaggingMetricsAccumulator();
        for (int s = 0; s < truth.Count; s++)
        {
            if (truth[s] is null || predicted[s] is null)
                throw new ArgumentException($"Expected no null sentence but sentence {s} is null.", truth[s] is null ? nameof(truth) : nameof(predicted));
            accumulator.Add(truth[s], predicted[s]);
        }
        return ComputeNonEmpty(accumulator, nameof(truth));
    }

    /// <summary>Computes the metrics over sentences of tag ids.</summary>
    /// <param name="truth">True tag ids, one array per sentence, each id in [0, <c>tagNames.Count</c>).</param>
    /// <param name="predicted">Predicted tag ids: as many sentences as <paramref name="truth"/>, each as long as its true counterpart.</param>
    /// <param name="tagNames">Name of each tag id, such as <c>O</c>, <c>B-PER</c>, <c>I-PER</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The sentence counts or a sentence's lengths disagree, a sentence or tag name is null, an id is out of range, or there is no token at all.</exception>
    internal static TaggingMetrics Compute(IReadOnlyList<int[]> truth, IReadOnlyList<int[]> predicted, IReadOnlyList<string> tagNames)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(tagNames);
        MetricGuard.SameLength(truth.Count, predicted.Count, nameof(predicted), "one predicted sentence per true sentence");
        var accumulator = new TaggingMetricsAccumulator();
        for (int s = 0; s < truth.Count; s++)
        {
            if (truth[s] is null || predicted[s] is null)
                throw new ArgumentException($"Expected no null sentence but sentence {s} is null.", truth[s] is null ? nameof(truth) : nameof(predicted));
            accumulator.Add(truth[s], predicted[s], tagNames);
        }
        return ComputeNonEmpty(accumulator, nameof(truth));
    }

    private static TaggingMetrics ComputeNonEmpty(TaggingMetricsAccumulator accumulator, string argument)
    {
        if (accumulator.TokenCount == 0)
            throw new ArgumentException($"Expected {argument} to contain at least one token but it has none.", argument);
        return accumulator.Compute();
    }
}
