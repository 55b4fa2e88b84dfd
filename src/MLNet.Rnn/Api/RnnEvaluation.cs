using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn;

/// <summary>
/// Metrics ML.NET lacks, beside its own evaluators: on the multiclass catalog (a tagger and a language model both
/// predict a class per token), token accuracy and entity-level F1 for tagging and perplexity for language models; on
/// the forecasting catalog, errors over every forecast value.
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
    /// ML.NET's regression metrics (RMSE, MAE, MSE, R²) over every forecast value: the target and the score each a
    /// <c>float</c> or a fixed-size <c>float</c> vector (the next k values). ML.NET's regression evaluator takes single
    /// values only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, or not a <c>float</c> or <c>float</c> vector, or the two differ in size.</exception>
    public static Microsoft.ML.Data.RegressionMetrics EvaluateForecast(this ForecastingCatalog catalog, IDataView data,
        string labelColumnName = "Target", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        var label = ValuesColumn(data.Schema, labelColumnName, "label");
        var score = ValuesColumn(data.Schema, scoreColumnName, "score");
        if (DataViewTypes.SizeOf(label.Type) != DataViewTypes.SizeOf(score.Type))
            throw ColumnRules.Mismatch("score", ColumnShape.Of(score), $"as many values as the label '{labelColumnName}' ({DataViewTypes.SizeOf(label.Type)})");
        var truth = new List<float>();
        var predicted = new List<float>();
        using var cursor = data.GetRowCursor([label, score]);
        var readTruth = ValuesReader(cursor, label);
        var readPredicted = ValuesReader(cursor, score);
        while (cursor.MoveNext())
        {
            truth.AddRange(readTruth());
            predicted.AddRange(readPredicted());
        }
        return MLNetMetrics.Regression(Training.Metrics.RegressionMetrics.Compute(truth.ToArray(), predicted.ToArray()));
    }

    private static DataViewSchema.Column ValuesColumn(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name) ?? throw ColumnRules.Missing(role, name);
        var shape = ColumnShape.Of(column);
        return shape.HasItems(NumberDataViewType.Single) && shape.Kind != SchemaShape.Column.VectorKind.VariableVector
            ? column
            : throw ColumnRules.Mismatch(role, shape, "Single or a fixed-size vector of Single");
    }

    private static Func<IEnumerable<float>> ValuesReader(DataViewRowCursor cursor, DataViewSchema.Column column)
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
