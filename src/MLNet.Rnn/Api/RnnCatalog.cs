using Microsoft.ML;

namespace MLNet.Rnn;

/// <summary>
/// Where ML.NET users find recurrent models: <c>mlContext.Transforms.Rnn(options)</c> for any task, and for each task,
/// on the catalog where ML.NET keeps its trainers of that kind, a simple overload and one that takes the options (as
/// ML.NET's TorchSharp trainers have):
/// <list type="bullet">
/// <item><c>mlContext.MulticlassClassification.Trainers.Rnn(...)</c> and <c>mlContext.BinaryClassification.Trainers.Rnn(...)</c>: a class per row;</item>
/// <item><c>mlContext.MulticlassClassification.Trainers.RnnTagger(...)</c>: a class per token (as ML.NET's own named-entity recognizer sits there);</item>
/// <item><c>mlContext.Regression.Trainers.Rnn(...)</c>: one or several numbers per row;</item>
/// <item><c>mlContext.Forecasting.ForecastByRnn(...)</c>: the next values of a series, beside ML.NET's <c>ForecastBySsa</c>;</item>
/// <item><c>mlContext.Transforms.Text.RnnLanguageModel(...)</c>: next-token prediction and text generation.</item>
/// </list>
/// Every way to the same task trains the same model: options left null take the task's defaults (README, "Defaults").
/// The options overloads set <see cref="RnnOptions.Task"/> to their catalog's task.
/// </summary>
public static class RnnCatalog
{
    /// <summary>An estimator for whatever <see cref="RnnOptions.Task"/> says.</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator Rnn(this TransformsCatalog catalog, RnnOptions options) => new(MLNetHost.EnvironmentOf(catalog), options);

    /// <summary>
    /// Multiclass classification of text, tokens or numeric sequences (by default a bidirectional LSTM). The label is a
    /// key (map it with <c>MapValueToKey</c>); the transformer adds <c>PredictedLabel</c> (a key) and <c>Score</c> (probabilities).
    /// </summary>
    /// <param name="catalog">ML.NET's multiclass trainers.</param>
    /// <param name="labelColumnName">A key column.</param>
    /// <param name="inputColumnName">Text, tokens, token keys, or a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>.</param>
    /// <param name="featuresPerStep">Features in each step of a numeric input.</param>
    /// <param name="epochs">Passes over the training data; null for the task's default.</param>
    public static RnnEstimator Rnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string inputColumnName = "Text", int featuresPerStep = 1, int? epochs = null) =>
        catalog.Rnn(new RnnOptions { LabelColumnName = labelColumnName, InputColumnName = inputColumnName, FeaturesPerStep = featuresPerStep, Epochs = epochs });

    /// <summary>Multiclass classification with every option (<see cref="RnnOptions.Task"/> is set to classification).</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator Rnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, RnnOptions options) =>
        For(MLNetHost.EnvironmentOf(catalog), options, RnnTask.Classification);

    /// <summary>
    /// Binary classification of text, tokens or numeric sequences (by default a bidirectional LSTM). The label is
    /// <c>bool</c>; the transformer adds <c>Score</c> (the margin), <c>Probability</c> and <c>PredictedLabel</c>, as
    /// ML.NET's binary trainers do.
    /// </summary>
    /// <param name="catalog">ML.NET's binary trainers.</param>
    /// <param name="labelColumnName">A <c>bool</c> column.</param>
    /// <param name="inputColumnName">Text, tokens, token keys, or a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>.</param>
    /// <param name="featuresPerStep">Features in each step of a numeric input.</param>
    /// <param name="epochs">Passes over the training data; null for the task's default.</param>
    public static RnnEstimator Rnn(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string inputColumnName = "Text", int featuresPerStep = 1, int? epochs = null) =>
        catalog.Rnn(new RnnOptions { LabelColumnName = labelColumnName, InputColumnName = inputColumnName, FeaturesPerStep = featuresPerStep, Epochs = epochs });

    /// <summary>Binary classification with every option (<see cref="RnnOptions.Task"/> is set to classification).</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator Rnn(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, RnnOptions options) =>
        For(MLNetHost.EnvironmentOf(catalog), options, RnnTask.Classification);

    /// <summary>
    /// Sequence tagging (part of speech, named entities; by default a bidirectional LSTM) giving one tag per token. The
    /// input is a vector of tokens or token keys; the tags a vector of keys or text of the same length. The transformer
    /// adds <c>PredictedLabel</c>, a vector of keys that <c>MapKeyToValue</c> turns back into tags.
    /// </summary>
    /// <param name="catalog">ML.NET's multiclass trainers.</param>
    /// <param name="labelColumnName">One tag per token.</param>
    /// <param name="inputColumnName">The tokens.</param>
    /// <param name="epochs">Passes over the training data; null for the task's default.</param>
    public static RnnEstimator RnnTagger(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Tags", string inputColumnName = "Tokens", int? epochs = null) =>
        catalog.RnnTagger(new RnnOptions { LabelColumnName = labelColumnName, InputColumnName = inputColumnName, Epochs = epochs });

    /// <summary>Sequence tagging with every option (<see cref="RnnOptions.Task"/> is set to tagging).</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator RnnTagger(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, RnnOptions options) =>
        For(MLNetHost.EnvironmentOf(catalog), options, RnnTask.Tagging);

    /// <summary>
    /// Regression from text, tokens or numeric sequences (by default a GRU). The label is a <c>float</c>, or a
    /// fixed-size <c>float</c> vector for several values; the transformer adds <c>Score</c> of the same type.
    /// </summary>
    /// <param name="catalog">ML.NET's regression trainers.</param>
    /// <param name="labelColumnName">A <c>float</c> or a fixed-size <c>float</c> vector.</param>
    /// <param name="inputColumnName">Text, tokens, token keys, or a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>.</param>
    /// <param name="featuresPerStep">Features in each step of a numeric input.</param>
    /// <param name="epochs">Passes over the training data; null for the task's default.</param>
    public static RnnEstimator Rnn(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = "Label", string inputColumnName = "Features", int featuresPerStep = 1, int? epochs = null) =>
        catalog.Rnn(new RnnOptions { LabelColumnName = labelColumnName, InputColumnName = inputColumnName, FeaturesPerStep = featuresPerStep, Epochs = epochs });

    /// <summary>Regression with every option (<see cref="RnnOptions.Task"/> is set to regression).</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator Rnn(this RegressionCatalog.RegressionTrainers catalog, RnnOptions options) =>
        For(MLNetHost.EnvironmentOf(catalog), options, RnnTask.Regression);

    /// <summary>
    /// Forecasting: from a window of a series (a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>, e.g.
    /// from <c>LoadTimeSeriesWindows</c>) to its next value(s), by default with a GRU. The transformer adds <c>Score</c>
    /// of the target's type. Beside ML.NET's <c>ForecastBySsa</c>, which models one series; this learns from windows.
    /// </summary>
    /// <param name="catalog">ML.NET's forecasting catalog.</param>
    /// <param name="targetColumnName">The next value (<c>float</c>) or values (a fixed-size <c>float</c> vector).</param>
    /// <param name="historyColumnName">The window.</param>
    /// <param name="featuresPerStep">Features in each step of the window.</param>
    /// <param name="epochs">Passes over the training data; null for the task's default.</param>
    public static RnnEstimator ForecastByRnn(this ForecastingCatalog catalog,
        string targetColumnName = "Target", string historyColumnName = "History", int featuresPerStep = 1, int? epochs = null) =>
        catalog.ForecastByRnn(new RnnOptions { LabelColumnName = targetColumnName, InputColumnName = historyColumnName, FeaturesPerStep = featuresPerStep, Epochs = epochs });

    /// <summary>Forecasting with every option (<see cref="RnnOptions.Task"/> is set to forecasting).</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator ForecastByRnn(this ForecastingCatalog catalog, RnnOptions options) =>
        For(MLNetHost.EnvironmentOf(catalog), options, RnnTask.Forecasting);

    /// <summary>
    /// A language model over text (by default a GRU of 256 over characters, truncated backpropagation of 35 steps,
    /// clipping at 1). The rows are read as one stream, end to end: load a book as one row (<c>LoadFromPlainText</c>
    /// does by default). The transformer adds each row's perplexity (<c>Score</c>) and <see cref="RnnTransformer.Generate"/>
    /// writes text.
    /// </summary>
    /// <param name="catalog">ML.NET's text transforms.</param>
    /// <param name="inputColumnName">Text, tokens or token keys.</param>
    /// <param name="tokenization">How text becomes tokens; null for the task's default (characters).</param>
    /// <param name="epochs">Passes over the text; null for the task's default.</param>
    public static RnnEstimator RnnLanguageModel(this TransformsCatalog.TextTransforms catalog,
        string inputColumnName = "Text", TextTokenization? tokenization = null, int? epochs = null) =>
        catalog.RnnLanguageModel(new RnnOptions { InputColumnName = inputColumnName, Tokenization = tokenization, Epochs = epochs });

    /// <summary>A language model with every option (<see cref="RnnOptions.Task"/> is set to language modelling).</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public static RnnEstimator RnnLanguageModel(this TransformsCatalog.TextTransforms catalog, RnnOptions options) =>
        For(MLNetHost.EnvironmentOf(catalog), options, RnnTask.LanguageModel);

    private static RnnEstimator For(Microsoft.ML.Runtime.IHostEnvironment environment, RnnOptions options, RnnTask task)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(environment, options with { Task = task });
    }
}
