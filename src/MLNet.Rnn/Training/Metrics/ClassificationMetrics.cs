namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Metrics of a single-label classifier (binary or multiclass) that outputs one probability per class.
/// </summary>
/// <remarks>
/// <para>The predicted class of an example is the arg-max of its probability row; ties go to the lowest class id.</para>
/// <para>
/// F1 convention (scikit-learn's <c>zero_division=0</c>): the F1 of class <c>c</c> is <c>2·TP / (2·TP + FP + FN)</c>,
/// and 0 when that denominator is 0, i.e. when <c>c</c> never occurs in the truth nor in the predictions.
/// <see cref="MacroF1"/> is the unweighted mean of the per-class F1 over the classes that occur in the truth or in
/// the predictions, so a class absent from both neither helps nor hurts (scikit-learn's <c>f1_score(average="macro")</c>
/// without explicit <c>labels</c>).
/// </para>
/// </remarks>
public sealed record ClassificationMetrics
{
    internal ClassificationMetrics(int classes, long count, double accuracy, double macroF1, double logLoss, double[] perClassF1, int[,] confusionMatrix, double auc)
    {
        Classes = classes;
        Count = count;
        Accuracy = accuracy;
        MacroF1 = macroF1;
        LogLoss = logLoss;
        PerClassF1 = perClassF1;
        ConfusionMatrix = confusionMatrix;
        Auc = auc;
    }

    /// <summary>Smallest and largest probability used by <see cref="LogLoss"/> (as in scikit-learn): <c>1e-15</c> and <c>1 - 1e-15</c>.</summary>
    internal const double ProbabilityClip = 1e-15;

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Number of examples the metrics were computed over.</summary>
    public long Count { get; }

    /// <summary>Fraction of examples whose arg-max class equals the true class.</summary>
    public double Accuracy { get; }

    /// <summary>Mean of <see cref="PerClassF1"/> over the classes present in the truth or the predictions (see the remarks on the type).</summary>
    public double MacroF1 { get; }

    /// <summary>
    /// Mean over examples of <c>-ln(p)</c>, where <c>p</c> is the probability given to the true class, clipped to
    /// [<see cref="ProbabilityClip"/>, 1 - <see cref="ProbabilityClip"/>]. Rows are not renormalized.
    /// </summary>
    public double LogLoss { get; }

    /// <summary>F1 of each class, indexed by class id; 0 for a class absent from both truth and predictions.</summary>
    public IReadOnlyList<double> PerClassF1 { get; }

    /// <summary>Confusion counts: <c>ConfusionMatrix[trueClass, predictedClass]</c>. The array belongs to this result; do not modify it.</summary>
    public int[,] ConfusionMatrix { get; }

    /// <summary>
    /// Binary problems (<see cref="Classes"/> = 2) only: exact ROC AUC of the probability of class 1 (see <see cref="RocAuc"/>).
    /// <see cref="double.NaN"/> when only one class occurs in the truth, and for multiclass problems.
    /// </summary>
    public double Auc { get; }

    /// <summary>Computes the metrics of one set of examples.</summary>
    /// <param name="truth">True class id of each example, each in [0, <paramref name="classes"/>).</param>
    /// <param name="probabilities">Row-major <c>truth.Length × classes</c> matrix of predicted probabilities, each in [0, 1].</param>
    /// <param name="classes">Number of classes, at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 2.</exception>
    /// <exception cref="ArgumentException">The input is empty, the lengths disagree, a class id is out of range, or a probability is outside [0, 1] or NaN.</exception>
    internal static ClassificationMetrics Compute(ReadOnlySpan<int> truth, ReadOnlySpan<float> probabilities, int classes)
    {
        MetricGuard.ClassCount(classes, nameof(classes));
        MetricGuard.NotEmpty(truth.Length, nameof(truth));
        var accumulator = new ClassificationMetricsAccumulator(classes);
        accumulator.Add(truth, probabilities);
        return accumulator.Compute();
    }

    /// <summary>Computes the metrics of a binary problem from the probability of the positive class (class 1) alone.</summary>
    /// <param name="truth">True labels, each 0 or 1.</param>
    /// <param name="positiveProbabilities">Probability of class 1 for each example, in [0, 1]; class 0 gets <c>1 - p</c>.</param>
    /// <exception cref="ArgumentException">The input is empty, the lengths disagree, a label is not 0 or 1, or a probability is outside [0, 1] or NaN.</exception>
    internal static ClassificationMetrics ComputeBinary(ReadOnlySpan<int> truth, ReadOnlySpan<float> positiveProbabilities)
    {
        MetricGuard.NotEmpty(truth.Length, nameof(truth));
        var accumulator = new ClassificationMetricsAccumulator(2);
        accumulator.AddBinary(truth, positiveProbabilities);
        return accumulator.Compute();
    }
}
