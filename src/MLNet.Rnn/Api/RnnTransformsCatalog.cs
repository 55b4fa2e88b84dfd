namespace MLNet.Rnn;

/// <summary>
/// Estimators for recurrent models: <see cref="Rnn"/> for any task, and one method per task with defaulted
/// column names (simple overload) or full <see cref="RnnOptions"/> (whose task is set by the method).
/// </summary>
public sealed class RnnTransformsCatalog
{
    private readonly RnnContext _context;

    internal RnnTransformsCatalog(RnnContext context) => _context = context;

    /// <summary>An estimator for whatever <see cref="RnnOptions.Task"/> says.</summary>
    public RnnEstimator Rnn(RnnOptions options) => new(options, _context.NextSeed());

    /// <summary>Text (or pre-tokenized) classification: a bidirectional LSTM over word tokens.</summary>
    /// <param name="labelColumnName">Boolean, Text or Number labels.</param>
    /// <param name="textColumnName">Text (tokenized into words) or Tokens.</param>
    public RnnEstimator TextClassification(string labelColumnName = "Label", string textColumnName = "Text") =>
        TextClassification(new RnnOptions { LabelColumnName = labelColumnName, InputColumnName = textColumnName, Bidirectional = true });

    /// <summary>Text classification with every option.</summary>
    public RnnEstimator TextClassification(RnnOptions options) => Rnn(Require(options) with { Task = RnnTask.Classification });

    /// <summary>Classification of numeric sequences (Sequence or Vector column), e.g. sensor traces.</summary>
    public RnnEstimator SequenceClassification(string labelColumnName = "Label", string featuresColumnName = "Features") =>
        SequenceClassification(new RnnOptions { LabelColumnName = labelColumnName, InputColumnName = featuresColumnName });

    /// <summary>Sequence classification with every option.</summary>
    public RnnEstimator SequenceClassification(RnnOptions options) => Rnn(Require(options) with { Task = RnnTask.Classification });

    /// <summary>Regression from numeric sequences (Number or Vector labels for one or several outputs).</summary>
    public RnnEstimator SequenceRegression(string labelColumnName = "Label", string featuresColumnName = "Features") =>
        SequenceRegression(new RnnOptions { LabelColumnName = labelColumnName, InputColumnName = featuresColumnName });

    /// <summary>Sequence regression with every option.</summary>
    public RnnEstimator SequenceRegression(RnnOptions options) => Rnn(Require(options) with { Task = RnnTask.Regression });

    /// <summary>Sequence tagging (part of speech, named entities): a bidirectional LSTM giving one tag per token.</summary>
    /// <param name="tagsColumnName">Tokens column with one tag per token.</param>
    /// <param name="tokensColumnName">Tokens (or Text, split by whitespace so tags stay aligned).</param>
    public RnnEstimator Tagging(string tagsColumnName = "Tags", string tokensColumnName = "Tokens") =>
        Tagging(new RnnOptions { LabelColumnName = tagsColumnName, InputColumnName = tokensColumnName, Bidirectional = true, Tokenization = TextTokenization.Whitespace, LowerCase = true });

    /// <summary>Tagging with every option.</summary>
    public RnnEstimator Tagging(RnnOptions options) => Rnn(Require(options) with { Task = RnnTask.Tagging });

    /// <summary>
    /// A character-level language model over a Text column (GRU, truncated BPTT of 35 steps, clipping at 1). The
    /// rows are read as one stream, end to end with nothing between them: load a book as one row
    /// (<see cref="DataCatalog.LoadFromPlainText"/> does by default) rather than one row per line.
    /// </summary>
    public RnnEstimator LanguageModel(string textColumnName = "Text", TextTokenization tokenization = TextTokenization.Characters) =>
        LanguageModel(new RnnOptions
        {
            InputColumnName = textColumnName, Tokenization = tokenization, Cell = RecurrentCell.Gru, HiddenSize = 256, EmbeddingSize = 32,
            LearningRate = 3e-3f, ClipGradientNorm = 1, Epochs = 5, LowerCase = true,
        });

    /// <summary>A language model with every option.</summary>
    public RnnEstimator LanguageModel(RnnOptions options) => Rnn(Require(options) with { Task = RnnTask.LanguageModel });

    /// <summary>Forecasting: from a window of history (Sequence or Vector) to the next value(s) (Number or Vector).</summary>
    public RnnEstimator Forecasting(string targetColumnName = "Target", string historyColumnName = "History") =>
        Forecasting(new RnnOptions { LabelColumnName = targetColumnName, InputColumnName = historyColumnName, Cell = RecurrentCell.Gru, HiddenSize = 32, LearningRate = 1e-2f });

    /// <summary>Forecasting with every option.</summary>
    public RnnEstimator Forecasting(RnnOptions options) => Rnn(Require(options) with { Task = RnnTask.Forecasting });

    private static RnnOptions Require(RnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }
}
