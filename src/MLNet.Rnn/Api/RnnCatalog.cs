using Microsoft.ML;

namespace MLNet.Rnn;

/// <summary>
/// Where ML.NET users find recurrent models: <c>mlContext.Transforms.Rnn(options)</c> for any task, and for each task
/// a simple overload on the catalog where ML.NET keeps its trainers of that kind:
/// <list type="bullet">
/// <item><c>mlContext.MulticlassClassification.Trainers.Rnn(...)</c> and <c>mlContext.BinaryClassification.Trainers.Rnn(...)</c>: a class per row;</item>
/// <item><c>mlContext.MulticlassClassification.Trainers.RnnTagger(...)</c>: a class per token (as ML.NET's own named-entity recognizer sits there);</item>
/// <item><c>mlContext.Regression.Trainers.Rnn(...)</c>: one or several numbers per row;</item>
/// <item><c>mlContext.Forecasting.ForecastByRnn(...)</c>: the next values of a series, beside ML.NET's <c>ForecastBySsa</c>;</item>
/// <item><c>mlContext.Transforms.Text.RnnLanguageModel(...)</c>: next-token prediction and text generation.</item>
/// </list>
/// </summary>
public static class RnnCatalog
{
    /// <summary>An estimator for whatever <see cref="RnnOptions.Task"/> says.</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator Rnn(this TransformsCatalog catalog, RnnOptions options) => new(MLNetHost.EnvironmentOf(catalog), options);

    /// <summary>
    /// Multiclass classification of text, tokens or numeric sequences: a bidirectional LSTM. The label is a key (map it
    /// with <c>MapValueToKey</c>); the transformer adds <c>Score</c> (probabilities) and <c>PredictedLabel</c> (a key).
    /// </summary>
    /// <param name="catalog">ML.NET's multiclass trainers.</param>
    /// <param name="labelColumnName">A key column.</param>
    /// <param name="inputColumnName">Text, tokens, token keys, or a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>.</param>
    /// <param name="featuresPerStep">Features in each step of a numeric input.</param>
    /// <param name="epochs">Passes over the training data.</param>
    public static RnnEstimator Rnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string inputColumnName = "Text", int featuresPerStep = 1, int epochs = 10) =>
        new(MLNetHost.EnvironmentOf(catalog), new RnnOptions
        {
            Task = RnnTask.Classification, LabelColumnName = labelColumnName, InputColumnName = inputColumnName, FeaturesPerStep = featuresPerStep,
            Epochs = epochs, Bidirectional = true, HiddenSize = 64,
        });

    /// <summary>
    /// Binary classification of text, tokens or numeric sequences: a bidirectional LSTM. The label is <c>bool</c>; the
    /// transformer adds <c>Score</c> (the margin), <c>Probability</c> and <c>PredictedLabel</c>, as ML.NET's binary trainers do.
    /// </summary>
    /// <param name="catalog">ML.NET's binary trainers.</param>
    /// <param name="labelColumnName">A <c>bool</c> column.</param>
    /// <param name="inputColumnName">Text, tokens, token keys, or a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>.</param>
    /// <param name="featuresPerStep">Features in each step of a numeric input.</param>
    /// <param name="epochs">Passes over the training data.</param>
    public static RnnEstimator Rnn(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string inputColumnName = "Text", int featuresPerStep = 1, int epochs = 10) =>
        new(MLNetHost.EnvironmentOf(catalog), new RnnOptions
        {
            Task = RnnTask.Classification, LabelColumnName = labelColumnName, InputColumnName = inputColumnName, FeaturesPerStep = featuresPerStep,
            Epochs = epochs, Bidirectional = true, HiddenSize = 64,
        });

    /// <summary>
    /// Sequence tagging (part of speech, named entities): a bidirectional LSTM giving one tag per token. The input is a
    /// vector of tokens or token keys; the tags a vector of keys or text of the same length. The transformer adds
    /// <c>PredictedLabel</c>, a vector of keys that <c>MapKeyToValue</c> turns back into tags.
    /// </summary>
    /// <param name="catalog">ML.NET's multiclass trainers.</param>
    /// <param name="labelColumnName">One tag per token.</param>
    /// <param name="inputColumnName">The tokens.</param>
    /// <param name="epochs">Passes over the training data.</param>
    public static RnnEstimator RnnTagger(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Tags", string inputColumnName = "Tokens", int epochs = 5) =>
        new(MLNetHost.EnvironmentOf(catalog), new RnnOptions
        {
            Task = RnnTask.Tagging, LabelColumnName = labelColumnName, InputColumnName = inputColumnName, Epochs = epochs,
            Bidirectional = true, HiddenSize = 64, Tokenization = TextTokenization.Whitespace,
        });

    /// <summary>
    /// Regression from text, tokens or numeric sequences: a GRU. The label is a <c>float</c>, or a fixed-size
    /// <c>float</c> vector for several values; the transformer adds <c>Score</c> of the same type.
    /// </summary>
    /// <param name="catalog">ML.NET's regression trainers.</param>
    /// <param name="labelColumnName">A <c>float</c> or a fixed-size <c>float</c> vector.</param>
    /// <param name="inputColumnName">Text, tokens, token keys, or a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>.</param>
    /// <param name="featuresPerStep">Features in each step of a numeric input.</param>
    /// <param name="epochs">Passes over the training data.</param>
    public static RnnEstimator Rnn(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = "Label", string inputColumnName = "Features", int featuresPerStep = 1, int epochs = 10) =>
        new(MLNetHost.EnvironmentOf(catalog), new RnnOptions
        {
            Task = RnnTask.Regression, LabelColumnName = labelColumnName, InputColumnName = inputColumnName, FeaturesPerStep = featuresPerStep,
            Epochs = epochs, Cell = RecurrentCell.Gru, HiddenSize = 32, LearningRate = 1e-2f,
        });

    /// <summary>
    /// Forecasting: from a window of a series (a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>, e.g.
    /// from <c>LoadTimeSeriesWindows</c>) to its next value(s), with a GRU. The transformer adds <c>Score</c> of the
    /// target's type. Beside ML.NET's <c>ForecastBySsa</c>, which models one series; this learns from windows.
    /// </summary>
    /// <param name="catalog">ML.NET's forecasting catalog.</param>
    /// <param name="targetColumnName">The next value (<c>float</c>) or values (a fixed-size <c>float</c> vector).</param>
    /// <param name="historyColumnName">The window.</param>
    /// <param name="featuresPerStep">Features in each step of the window.</param>
    /// <param name="epochs">Passes over the training data.</param>
    public static RnnEstimator ForecastByRnn(this ForecastingCatalog catalog,
        string targetColumnName = "Target", string historyColumnName = "History", int featuresPerStep = 1, int epochs = 10) =>
        new(MLNetHost.EnvironmentOf(catalog), new RnnOptions
        {
            Task = RnnTask.Forecasting, LabelColumnName = targetColumnName, InputColumnName = historyColumnName, FeaturesPerStep = featuresPerStep,
            Epochs = epochs, Cell = RecurrentCell.Gru, HiddenSize = 32, LearningRate = 1e-2f,
        });

    /// <summary>
    /// A language model over text (a GRU of 256 over characters by default, truncated backpropagation of 35 steps,
    /// clipping at 1). The rows are read as one stream, end to end: load a book as one row
    /// (<c>LoadFromPlainText</c> does by default). The transformer adds each row's perplexity (<c>Score</c>) and
    /// <see cref="RnnTransformer.Generate"/> writes text.
    /// </summary>
    /// <param name="catalog">ML.NET's text transforms.</param>
    /// <param name="inputColumnName">Text, tokens or token keys.</param>
    /// <param name="tokenization">How text becomes tokens.</param>
    /// <param name="epochs">Passes over the text.</param>
    public static RnnEstimator RnnLanguageModel(this TransformsCatalog.TextTransforms catalog,
        string inputColumnName = "Text", TextTokenization tokenization = TextTokenization.Characters, int epochs = 5) =>
        new(MLNetHost.EnvironmentOf(catalog), new RnnOptions
        {
            Task = RnnTask.LanguageModel, InputColumnName = inputColumnName, Tokenization = tokenization, Epochs = epochs,
            Cell = RecurrentCell.Gru, HiddenSize = 256, EmbeddingSize = 32, LearningRate = 3e-3f, ClipGradientNorm = 1,
        });
}
