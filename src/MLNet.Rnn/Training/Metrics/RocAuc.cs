namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Exact area under the ROC curve for a binary problem, computed as the normalized Mann-Whitney U statistic:
/// the probability that a randomly chosen positive example scores higher than a randomly chosen negative one,
/// with tied scores counted as one half. This equals the trapezoidal ROC AUC (scikit-learn's <c>roc_auc_score</c>).
/// </summary>
internal static class RocAuc
{
    /// <summary>Computes the exact ROC AUC of <paramref name="scores"/> against binary labels.</summary>
    /// <param name="truth">Labels, each 0 (negative) or 1 (positive).</param>
    /// <param name="scores">Scores, higher meaning "more positive"; any non-NaN value, not necessarily a probability.</param>
    /// <returns>The AUC in [0, 1], or <see cref="double.NaN"/> when only one class is present in <paramref name="truth"/> (the AUC is undefined).</returns>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, a label is not 0 or 1, or a score is NaN.</exception>
    public static double Compute(ReadOnlySpan<int> truth, ReadOnlySpan<float> scores)
    {
        MetricGuard.NotEmpty(truth.Length, nameof(truth));
        MetricGuard.SameLength(truth.Length, scores.Length, nameof(scores), "one score per label");
        MetricGuard.ClassIds(truth, 2, nameof(truth));
        MetricGuard.NotNaN(scores, nameof(scores));

        var keys = scores.ToArray();
        var labels = new byte[truth.Length];
        for (int i = 0; i < truth.Length; i++)
            labels[i] = (byte)truth[i];
        return SortAndCompute(keys, labels);
    }

    /// <summary>Sorts the pairs in place (by score) and returns the Mann-Whitney AUC. Inputs must already be validated.</summary>
    internal static double SortAndCompute(Span<float> scores, Span<byte> labels)
    {
        long positives = 0;
        foreach (byte label in labels)
            positives += label;
        long negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;

        scores.Sort(labels);

        // Sum of the (1-based) ranks of the positives, tied scores sharing the mean rank of their group.
        double positiveRankSum = 0;
        int start = 0;
        while (start < scores.Length)
        {
            int end = start + 1;
            while (end < scores.Length && scores[end] == scores[start])
                end++;
            long positivesInGroup = 0;
            for (int i = start; i < end; i++)
                positivesInGroup += labels[i];
            double meanRank = (start + 1 + end) / 2.0; // mean of ranks start+1 .. end
            positiveRankSum += positivesInGroup * meanRank;
            start = end;
        }

        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }
}
