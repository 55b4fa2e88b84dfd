using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn;

/// <summary>
/// Metrics ML.NET lacks, beside its own evaluators: on the multiclass catalog (a tagger and a language model both
/// predict a class per token), token accuracy and entity-level F1 for tagging and perplexity for language models; on
/// the forecasting catalog, errors over every forecast value beside the naive forecast's.
/// </summary>
public static class RnnEvaluation
{
    /// <summary>
    /// Token accuracy and entity-level precision, recall and F1 (BIO tags, conlleval rules) of tagged data: the true
    /// tags and the predicted ones, each a vector of text or of keys whose values are the tags.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not a vector of text or keys.</exception>
    /// <exception cref="ArgumentException">A row's predicted tags are not as many as its true tags.</exception>
    public static TaggingMetrics EvaluateTagging(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelColumnName = "Tags", string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        var label = TagColumn(data.Schema, labelColumnName, "label");
        var predicted = TagColumn(data.Schema, predictedLabelColumnName, "predicted label");
        var truth = new List<IReadOnlyList<string>>();
        var guesses = new List<IReadOnlyList<string>>();
        using var cursor = data.GetRowCursor([label, predicted]);
        var readTruth = TagReader(cursor, label);
        var readGuess = TagReader(cursor, predicted);
        while (cursor.MoveNext())
        {
            truth.Add(readTruth());
            guesses.Add(readGuess());
            if (guesses[^1].Count != truth[^1].Count)
                throw new ArgumentException($"Row {cursor.Position}: {guesses[^1].Count} predicted tags for {truth[^1].Count} true tags.", nameof(data));
        }
        return TaggingMetrics.Compute(truth, guesses);
    }

    /// <summary>
    /// Perplexity (and cross-entropy, bits per token) over every next-token prediction of the data a language model
    /// scored: each row's perplexity weighted by its count of scored tokens.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not a <c>float</c>.</exception>
    public static LanguageModelMetrics EvaluateLanguageModel(this MulticlassClassificationCatalog catalog, IDataView data,
        string scoreColumnName = "Score", string tokenCountColumnName = OutputColumns.TokenCountColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        var score = SingleColumn(data.Schema, scoreColumnName, "score");
        var count = SingleColumn(data.Schema, tokenCountColumnName, "token count");
        using var cursor = data.GetRowCursor([score, count]);
        var getScore = cursor.GetGetter<float>(score);
        var getCount = cursor.GetGetter<float>(count);
        float perplexity = 0, tokens = 0;
        double negativeLogLikelihood = 0;
        long total = 0;
        while (cursor.MoveNext())
        {
            getScore(ref perplexity);
            getCount(ref tokens);
            if (tokens == 0)
                continue;
            negativeLogLikelihood += tokens * Math.Log(perplexity);
            total += (long)tokens;
        }
        return LanguageModelMetrics.FromNegativeLogLikelihood(negativeLogLikelihood, total);
    }

    /// <summary>
    /// A forecast's errors beside the naive forecast's on the same windows: ML.NET's regression metrics (RMSE, MAE,
    /// MSE, R²) over every forecast value, the RMSE of forecasting each value as the last one in the window's history,
    /// and the ratio of the two mean absolute errors (<see cref="ForecastMetrics"/> defines each exactly). The target
    /// and the score are each a <c>float</c> or a fixed-size <c>float</c> vector (the next k values); ML.NET's
    /// regression evaluator takes single values only.
    /// </summary>
    /// <param name="catalog">ML.NET's forecasting catalog.</param>
    /// <param name="data">Scored windows: the history, what followed it and the forecast.</param>
    /// <param name="labelColumnName">What followed each window: a <c>float</c> or a fixed-size <c>float</c> vector.</param>
    /// <param name="scoreColumnName">The forecast, of the label's size.</param>
    /// <param name="historyColumnName">
    /// The window, a <c>float</c> vector of steps x <paramref name="featuresPerStep"/>, oldest first, as
    /// <c>LoadTimeSeriesWindows</c> writes it; its last step gives the naive forecast.
    /// </param>
    /// <param name="featuresPerStep">Values in each step of the window: for <c>LoadTimeSeriesWindows</c>, its number of feature columns.</param>
    /// <param name="targetFeatureIndex">Which value of a step is the forecast series: for <c>LoadTimeSeriesWindows</c>, the target column's position among its feature columns.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A column is missing or of the wrong type, the score and the label differ in size, a fixed-size history is not
    /// whole steps, <paramref name="featuresPerStep"/> is not positive or <paramref name="targetFeatureIndex"/> is
    /// not one of its steps' positions.
    /// </exception>
    /// <exception cref="ArgumentException">The data has no rows, or a row's variable-size history is empty or not whole steps.</exception>
    public static ForecastMetrics EvaluateForecast(this ForecastingCatalog catalog, IDataView data,
        string labelColumnName = "Target", string scoreColumnName = "Score", string historyColumnName = "History",
        int featuresPerStep = 1, int targetFeatureIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featuresPerStep);
        ArgumentOutOfRangeException.ThrowIfNegative(targetFeatureIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(targetFeatureIndex, featuresPerStep);
        var label = ValuesColumn(data.Schema, labelColumnName, "label");
        var score = ValuesColumn(data.Schema, scoreColumnName, "score");
        if (DataViewTypes.SizeOf(label.Type) != DataViewTypes.SizeOf(score.Type))
            throw ColumnRules.Mismatch("score", ColumnShape.Of(score), $"as many values as the label '{labelColumnName}' ({DataViewTypes.SizeOf(label.Type)})");
        var history = HistoryColumn(data.Schema, historyColumnName, featuresPerStep);
        var truth = new List<float>();
        var predicted = new List<float>();
        var naive = new List<float>();
        using var cursor = data.GetRowCursor([label, score, history]);
        var readTruth = ValuesReader(cursor, label);
        var readPredicted = ValuesReader(cursor, score);
        var readLast = LastValueReader(cursor, history, featuresPerStep, targetFeatureIndex);
        while (cursor.MoveNext())
        {
            float[] values = readTruth();
            truth.AddRange(values);
            predicted.AddRange(readPredicted());
            // A variable-size history is checked row by row; a fixed-size one was checked with the schema.
            float last = readLast() ?? throw new ArgumentException($"Row {cursor.Position}: the history '{historyColumnName}' is empty or not whole steps of {featuresPerStep} features.", nameof(data));
            naive.AddRange(Enumerable.Repeat(last, values.Length));
        }
        var model = Training.Metrics.RegressionMetrics.Compute(truth.ToArray(), predicted.ToArray());
        var lastValue = Training.Metrics.RegressionMetrics.Compute(truth.ToArray(), naive.ToArray());
        return new ForecastMetrics(MLNetMetrics.Regression(model), lastValue.Rmse, model.Mae / lastValue.Mae);
    }

    private static DataViewSchema.Column ValuesColumn(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name) ?? throw ColumnRules.Missing(role, name);
        var shape = ColumnShape.Of(column);
        return shape.HasItems(NumberDataViewType.Single) && shape.Kind != SchemaShape.Column.VectorKind.VariableVector
            ? column
            : throw ColumnRules.Mismatch(role, shape, "Single or a fixed-size vector of Single");
    }

    private static Func<float[]> ValuesReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType)
        {
            var getValue = cursor.GetGetter<float>(column);
            float value = 0;
            return () =>
            {
                getValue(ref value);
                return [value];
            };
        }
        var getValues = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> values = default;
        return () =>
        {
            getValues(ref values);
            return values.DenseValues().ToArray();
        };
    }

    /// <summary>A forecast's history: a vector of <c>float</c>, and when its size is fixed, whole steps.</summary>
    private static DataViewSchema.Column HistoryColumn(DataViewSchema schema, string name, int featuresPerStep)
    {
        var column = schema.GetColumnOrNull(name) ?? throw ColumnRules.Missing("history", name);
        var shape = ColumnShape.Of(column);
        if (!shape.IsVector || !shape.HasItems(NumberDataViewType.Single))
            throw ColumnRules.Mismatch("history", shape, $"a vector of Single (steps x {featuresPerStep} features per step)");
        if (shape.Size % featuresPerStep != 0)
            throw ColumnRules.Mismatch("history", shape, $"whole steps of {featuresPerStep} features");
        return column;
    }

    /// <summary>
    /// Each row's last value of the forecast series: feature <paramref name="targetFeatureIndex"/> of the history's
    /// last step; null when the history is empty or not whole steps.
    /// </summary>
    private static Func<float?> LastValueReader(DataViewRowCursor cursor, DataViewSchema.Column column, int featuresPerStep, int targetFeatureIndex)
    {
        var getValues = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> values = default;
        return () =>
        {
            getValues(ref values);
            return values.Length > 0 && values.Length % featuresPerStep == 0 ? values.GetItemOrDefault(values.Length - featuresPerStep + targetFeatureIndex) : null;
        };
    }

    private static DataViewSchema.Column TagColumn(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name) ?? throw ColumnRules.Missing(role, name);
        var shape = ColumnShape.Of(column);
        if (shape.IsScalar || !(shape.IsUInt32Key || shape.HasItems(TextDataViewType.Instance)))
            throw ColumnRules.Mismatch(role, shape, "a vector of String or of Key<UInt32>, one tag per token");
        return column;
    }

    private static DataViewSchema.Column SingleColumn(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name) ?? throw ColumnRules.Missing(role, name);
        return column.Type == NumberDataViewType.Single ? column : throw ColumnRules.Mismatch(role, ColumnShape.Of(column), "Single");
    }

    /// <summary>Each row's tags as text: text as it is, keys through their values (a missing key, 0, reads as empty).</summary>
    private static Func<IReadOnlyList<string>> TagReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (DataViewTypes.ItemOf(column.Type) is TextDataViewType)
        {
            var getText = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
            VBuffer<ReadOnlyMemory<char>> text = default;
            return () =>
            {
                getText(ref text);
                // As training read them (TextRepair), so a tag with a lone surrogate matches the model's name for it.
                return text.DenseValues().Select(t => Text.TextRepair.Repair(t.ToString())).ToArray();
            };
        }
        var names = KeyValues.Of(column)?.Texts;
        var getKeys = cursor.GetGetter<VBuffer<uint>>(column);
        VBuffer<uint> keys = default;
        return () =>
        {
            getKeys(ref keys);
            return keys.DenseValues().Select(k => k == 0 ? "" : names?[(int)k - 1] ?? k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        };
    }
}
