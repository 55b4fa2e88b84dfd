using System.Runtime.InteropServices;

namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Accumulates classification results batch by batch and computes <see cref="ClassificationMetrics"/> over everything
/// added, with exactly the same result as a single <see cref="ClassificationMetrics.Compute"/> call over the concatenation.
/// </summary>
/// <remarks>
/// Memory is O(classes²) for the confusion matrix, plus, for binary problems only, 5 bytes per example kept for the exact AUC.
/// A batch that fails validation throws before anything is added. Empty batches are accepted and add nothing.
/// Not thread-safe.
/// </remarks>
internal sealed class ClassificationMetricsAccumulator
{
    private readonly int[,] _confusion;
    private double _logLossSum;
    private long _count;
    private readonly List<float>? _positiveScores;
    private readonly List<byte>? _positiveLabels;

    /// <summary>Creates an empty accumulator for a problem with <paramref name="classes"/> classes.</summary>
    /// <param name="classes">Number of classes, at least 2. With 2 the accumulator also keeps what the AUC needs.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 2.</exception>
    public ClassificationMetricsAccumulator(int classes)
    {
        MetricGuard.ClassCount(classes, nameof(classes));
        Classes = classes;
        _confusion = new int[classes, classes];
        if (classes == 2)
        {
            _positiveScores = [];
            _positiveLabels = [];
        }
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Number of examples added so far.</summary>
    public long Count => _count;

    /// <summary>Adds a batch of examples.</summary>
    /// <param name="truth">True class id of each example, each in [0, <see cref="Classes"/>).</param>
    /// <param name="probabilities">Row-major <c>truth.Length × Classes</c> matrix of predicted probabilities, each in [0, 1].</param>
    /// <exception cref="ArgumentException">The lengths disagree, a class id is out of range, or a probability is outside [0, 1] or NaN.</exception>
    public void Add(ReadOnlySpan<int> truth, ReadOnlySpan<float> probabilities)
    {
        int classes = Classes;
        MetricGuard.SameLength(checked(truth.Length * classes), probabilities.Length, nameof(probabilities), $"truth.Length × {classes} classes, row-major");
        MetricGuard.ClassIds(truth, classes, nameof(truth));
        MetricGuard.Probabilities(probabilities, nameof(probabilities));

        for (int i = 0; i < truth.Length; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            int predicted = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[predicted])
                    predicted = c;
            }
            Record(truth[i], predicted, row[truth[i]]);
            if (_positiveScores is not null)
            {
                _positiveScores.Add(row[1]);
                _positiveLabels!.Add((byte)truth[i]);
            }
        }
    }

    /// <summary>Adds a batch of binary examples given only the probability of class 1. Requires <see cref="Classes"/> = 2.</summary>
    /// <param name="truth">True labels, each 0 or 1.</param>
    /// <param name="positiveProbabilities">Probability of class 1 for each example, in [0, 1]; class 0 gets <c>1 - p</c>. The prediction is 1 when <c>p &gt; 1 - p</c>.</param>
    /// <exception cref="InvalidOperationException">The accumulator is not binary.</exception>
    /// <exception cref="ArgumentException">The lengths disagree, a label is not 0 or 1, or a probability is outside [0, 1] or NaN.</exception>
    public void AddBinary(ReadOnlySpan<int> truth, ReadOnlySpan<float> positiveProbabilities)
    {
        if (_positiveScores is null)
            throw new InvalidOperationException($"AddBinary needs a binary accumulator but this one has {Classes} classes.");
        MetricGuard.SameLength(truth.Length, positiveProbabilities.Length, nameof(positiveProbabilities), "one probability per label");
        MetricGuard.ClassIds(truth, 2, nameof(truth));
        MetricGuard.Probabilities(positiveProbabilities, nameof(positiveProbabilities));

        for (int i = 0; i < truth.Length; i++)
        {
            float p1 = positiveProbabilities[i];
            float p0 = 1f - p1;
            int predicted = p1 > p0 ? 1 : 0;
            Record(truth[i], predicted, truth[i] == 1 ? p1 : p0);
            _positiveScores.Add(p1);
            _positiveLabels!.Add((byte)truth[i]);
        }
    }

    /// <summary>Forgets everything added so far.</summary>
    public void Reset()
    {
        Array.Clear(_confusion);
        _logLossSum = 0;
        _count = 0;
        _positiveScores?.Clear();
        _positiveLabels?.Clear();
    }

    /// <summary>Computes the metrics over every example added since construction or the last <see cref="Reset"/>.</summary>
    /// <exception cref="InvalidOperationException">No example has been added.</exception>
    public ClassificationMetrics Compute()
    {
        if (_count == 0)
            throw new InvalidOperationException("Cannot compute classification metrics: no example has been added.");

        int classes = Classes;
        long correct = 0;
        var perClassF1 = new double[classes];
        double f1Sum = 0;
        int presentClasses = 0;
        for (int c = 0; c < classes; c++)
        {
            long truePositives = _confusion[c, c];
            long actual = 0, predicted = 0; // row sum (true c) and column sum (predicted c)
            for (int k = 0; k < classes; k++)
            {
                actual += _confusion[c, k];
                predicted += _confusion[k, c];
            }
            correct += truePositives;
            long denominator = actual + predicted; // = 2·TP + FP + FN
            if (denominator == 0)
                continue; // absent from truth and predictions: F1 reported as 0, excluded from the macro mean
            perClassF1[c] = 2.0 * truePositives / denominator;
            f1Sum += perClassF1[c];
            presentClasses++;
        }

        double auc = double.NaN;
        if (_positiveScores is not null)
        {
            // Sort copies so that the accumulator can keep accumulating after Compute.
            var scores = CollectionsMarshal.AsSpan(_positiveScores).ToArray();
            var labels = CollectionsMarshal.AsSpan(_positiveLabels).ToArray();
            auc = RocAuc.SortAndCompute(scores, labels);
        }

        return new ClassificationMetrics(
            classes,
            _count,
            accuracy: (double)correct / _count,
            macroF1: f1Sum / presentClasses,
            logLoss: _logLossSum / _count,
            perClassF1,
            (int[,])_confusion.Clone(),
            auc);
    }

    private void Record(int truth, int predicted, float probabilityOfTruth)
    {
        checked { _confusion[truth, predicted]++; }
        double p = Math.Clamp((double)probabilityOfTruth, ClassificationMetrics.ProbabilityClip, 1 - ClassificationMetrics.ProbabilityClip);
        _logLossSum -= Math.Log(p);
        _count++;
    }
}
