using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn.Training;

/// <summary>A model's figures on a dataset: the loss and the metrics of its kind of target.</summary>
/// <param name="Loss">The mean loss (cross-entropy or mean squared error) over the dataset's predictions.</param>
/// <param name="Classification">For one class per sequence: accuracy, macro-F1, log-loss, AUC for two classes.</param>
/// <param name="Regression">For value targets: RMSE, MAE, R².</param>
/// <param name="Tokens">For one class per step: per-token cross-entropy and perplexity.</param>
/// <param name="Tagging">For one class per step with tag names: token accuracy and entity-level F1 (BIO).</param>
/// <param name="TokenAccuracy">For one class per step: the fraction of steps predicted right.</param>
public sealed record Evaluation(
    double Loss,
    ClassificationMetrics? Classification = null,
    RegressionMetrics? Regression = null,
    LanguageModelMetrics? Tokens = null,
    TaggingMetrics? Tagging = null,
    double? TokenAccuracy = null)
{
    /// <summary>A short line for logs, e.g. <c>loss 0.4120, accuracy 0.8450</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"loss {Loss:F4}" };
        if (Classification is { } c) parts.Add($"accuracy {c.Accuracy:F4}, macro-F1 {c.MacroF1:F4}" + (double.IsNaN(c.Auc) ? "" : $", AUC {c.Auc:F4}"));
        if (Regression is { } r) parts.Add($"RMSE {r.Rmse:F4}, MAE {r.Mae:F4}");
        if (TokenAccuracy is { } a) parts.Add($"token accuracy {a:F4}");
        if (Tokens is { } t) parts.Add($"perplexity {t.Perplexity:F3}");
        if (Tagging is { } g) parts.Add($"entity F1 {g.F1:F4}");
        return string.Join(", ", parts);
    }
}
