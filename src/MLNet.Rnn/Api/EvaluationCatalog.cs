using MLNet.Rnn.Data;
using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn;

/// <summary>Metrics of data scored by an <see cref="RnnTransformer"/>.</summary>
public sealed class EvaluationCatalog
{
    internal EvaluationCatalog()
    {
    }

    /// <summary>
    /// Accuracy, macro-F1, log-loss, a confusion matrix and (two classes) AUC, from the label column and the
    /// probability vector whose slot names are the classes.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong kind, the score has no class names, or a label is not one of them.</exception>
    public ClassificationMetrics Classification(Table scored, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(scored);
        var scoreColumn = scored.GetColumn(scoreColumnName);
        var classes = scoreColumn.SlotNames
            ?? throw new ArgumentException($"Column '{scoreColumnName}' has no class names; pass data scored by a classification transformer.", nameof(scored));
        var index = classes.Select((name, id) => (name, id)).ToDictionary(p => p.name, p => p.id, StringComparer.Ordinal);
        var label = scored.GetColumn(labelColumnName);
        if (label.Kind is not (ColumnKind.Boolean or ColumnKind.Text or ColumnKind.Number))
            throw new ArgumentException($"Label column '{labelColumnName}' is {label.Kind}; expected Boolean, Text or Number.", nameof(scored));
        var truth = LabelEncoder.Names(scored, label).Select((name, row) => index.TryGetValue(name ?? "", out int id)
            ? id
            : throw new ArgumentException($"Row {row}: label '{name}' is not a class the model knows ({string.Join(", ", classes.Take(10))}).", nameof(scored))).ToArray();
        var scores = scored.GetVectors(scoreColumnName);
        var probabilities = new float[truth.Length * classes.Count];
        for (int r = 0; r < truth.Length; r++)
            scores[r].CopyTo(probabilities, r * classes.Count);
        return ClassificationMetrics.Compute(truth, probabilities, classes.Count);
    }

    /// <summary>RMSE, MAE and R² over every value (Number or Vector label and score columns).</summary>
    public RegressionMetrics Regression(Table scored, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(scored);
        return RegressionMetrics.Compute(Flatten(scored, labelColumnName), Flatten(scored, scoreColumnName));
    }

    /// <summary>Token accuracy and entity-level precision, recall and F1 (BIO tags, conlleval rules).</summary>
    public TaggingMetrics Tagging(Table scored, string labelColumnName = "Tags", string predictedColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(scored);
        return TaggingMetrics.Compute(scored.GetTokens(labelColumnName).Select(t => (IReadOnlyList<string>)t).ToArray(),
            scored.GetTokens(predictedColumnName).Select(t => (IReadOnlyList<string>)t).ToArray());
    }

    private static float[] Flatten(Table table, string column) => table.GetColumn(column).Kind == ColumnKind.Number
        ? table.GetNumbers(column).ToArray()
        : table.GetVectors(column).SelectMany(v => v).ToArray();
}
