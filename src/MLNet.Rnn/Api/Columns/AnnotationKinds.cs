namespace MLNet.Rnn;

/// <summary>
/// The annotation kinds and values ML.NET's scorers put on their output columns, which its evaluators and
/// <c>MapKeyToValue</c> read. ML.NET keeps its own list internal; these are its documented names.
/// </summary>
internal static class AnnotationKinds
{
    public const string KeyValues = "KeyValues";
    public const string SlotNames = "SlotNames";
    public const string ScoreColumnSetId = "ScoreColumnSetId";
    public const string ScoreColumnKind = "ScoreColumnKind";
    public const string ScoreValueKind = "ScoreValueKind";
    public const string IsNormalized = "IsNormalized";
    public const string TrainingLabelValues = "TrainingLabelValues";

    /// <summary>Values of <see cref="ScoreColumnKind"/>.</summary>
    public const string BinaryClassification = "BinaryClassification";
    public const string MulticlassClassification = "MulticlassClassification";
    public const string Regression = "Regression";
    public const string MultiOutputRegression = "MultiOutputRegression";
    public const string SequenceClassification = "SequenceClassification";

    /// <summary>Values of <see cref="ScoreValueKind"/>.</summary>
    public const string Score = "Score";
    public const string Probability = "Probability";
    public const string PredictedLabel = "PredictedLabel";
}
