using System.Globalization;
using MLNet.Rnn.Data;
using MLNet.Rnn.Text;

namespace MLNet.Rnn;

/// <summary>
/// Turns the label column into targets and predictions back into label values: class names (from Boolean,
/// Text or Number labels) for classification, tag names for tagging, values for regression and forecasting.
/// </summary>
/// <remarks>
/// A label at evaluation that training never saw is an error naming it (the model cannot score a class it does
/// not have); prediction needs no label. Classes are ordered by name (ordinal), so <c>false</c>/<c>true</c> are 0/1.
/// </remarks>
internal sealed class LabelEncoder
{
    private LabelEncoder(ColumnKind kind, LabelDictionary? classes, int valueCount)
    {
        Kind = kind;
        Classes = classes;
        ValueCount = valueCount;
    }

    public ColumnKind Kind { get; }

    public LabelDictionary? Classes { get; }

    /// <summary>Values per prediction for regression and forecasting.</summary>
    public int ValueCount { get; }

    /// <summary>Model outputs: classes or values.</summary>
    public int Outputs => Classes?.Count ?? ValueCount;

    public static LabelEncoder Fit(Table data, RnnOptions options)
    {
        var column = data.GetColumn(options.LabelColumnName);
        switch (options.Task)
        {
            case RnnTask.Classification when column.Kind is ColumnKind.Boolean or ColumnKind.Text or ColumnKind.Number:
                var classes = LabelDictionary.Build(Names(data, column));
                if (classes.Count < 2)
                    throw new ArgumentException($"Column '{column.Name}' has a single class ('{classes.Names[0]}'); classification needs at least two.", nameof(data));
                return new LabelEncoder(column.Kind, classes, 0);
            case RnnTask.Tagging when column.Kind == ColumnKind.Tokens:
                return new LabelEncoder(column.Kind, LabelDictionary.Build(data.GetTokens(column.Name).SelectMany(tags => tags ?? [])), 0);
            case RnnTask.Regression or RnnTask.Forecasting when column.Kind == ColumnKind.Number:
                return new LabelEncoder(column.Kind, null, 1);
            case RnnTask.Regression or RnnTask.Forecasting when column.Kind == ColumnKind.Vector:
                var vectors = data.GetVectors(column.Name);
                int width = vectors.Count > 0 ? vectors[0]?.Length ?? 0 : 0;
                if (width == 0)
                    throw new ArgumentException($"Column '{column.Name}': the first row's vector is empty; cannot tell how many values to predict.", nameof(data));
                return new LabelEncoder(column.Kind, null, width);
            default:
                string expected = options.Task switch
                {
                    RnnTask.Classification => "Boolean, Text or Number",
                    RnnTask.Tagging => "Tokens (one tag per input token)",
                    _ => "Number or Vector",
                };
                throw new ArgumentException($"Label column '{column.Name}' is {column.Kind}; {options.Task} expects {expected}.", nameof(data));
        }
    }

    public static LabelEncoder Restore(ColumnKind kind, LabelDictionary? classes, int valueCount) => new(kind, classes, valueCount);

    public int[] ClassIds(Table data, string columnName) => Names(data, Expect(data, columnName)).Select(Classes!.IdOf).ToArray();

    public int[][] TagIds(Table data, string columnName, IReadOnlyList<IReadOnlyList<string>> tokens)
    {
        var tags = data.GetTokens(Expect(data, columnName).Name);
        var ids = new int[tags.Count][];
        for (int r = 0; r < ids.Length; r++)
        {
            var rowTags = tags[r] ?? [];
            if (rowTags.Length != tokens[r].Count)
                throw new ArgumentException($"Row {r}: {rowTags.Length} tags in '{columnName}' for {tokens[r].Count} input tokens; tagging needs one tag per token.", nameof(data));
            ids[r] = rowTags.Select(Classes!.IdOf).ToArray();
        }
        return ids;
    }

    public float[][] Values(Table data, string columnName)
    {
        var column = Expect(data, columnName);
        var rows = column.Kind == ColumnKind.Number
            ? data.GetNumbers(column.Name).Select(v => new[] { v }).ToArray()
            : data.GetVectors(column.Name).ToArray();
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is null || rows[r].Length != ValueCount)
                throw new ArgumentException($"Column '{column.Name}', row {r}: expected {ValueCount} values, got {rows[r]?.Length ?? 0}.", nameof(data));
            if (rows[r].Any(v => !float.IsFinite(v)))
                throw new ArgumentException($"Column '{column.Name}', row {r}: target values must be finite numbers.", nameof(data));
        }
        return rows;
    }

    /// <summary>Class names as label values of the label column's kind, for the predicted-label column.</summary>
    public System.Collections.IList LabelValues(IReadOnlyList<int> classIds) => Kind switch
    {
        ColumnKind.Boolean => classIds.Select(id => bool.Parse(Classes!.NameOf(id))).ToArray(),
        ColumnKind.Number => classIds.Select(id => float.Parse(Classes!.NameOf(id), CultureInfo.InvariantCulture)).ToArray(),
        _ => classIds.Select(Classes!.NameOf).ToArray(),
    };

    private Column Expect(Table data, string columnName)
    {
        var column = data.GetColumn(columnName);
        if (column.Kind != Kind)
            throw new ArgumentException($"Label column '{columnName}' is {column.Kind}; the model was trained on a {Kind} label.", nameof(data));
        return column;
    }

    /// <summary>Each row's label as a class name: <c>True</c>/<c>False</c>, a number written round-trip, or the text.</summary>
    internal static IEnumerable<string> Names(Table data, Column column) => column.Kind switch
    {
        ColumnKind.Boolean => data.GetBooleans(column.Name).Select(b => b.ToString()),
        ColumnKind.Number => data.GetNumbers(column.Name).Select(v => v.ToString("R", CultureInfo.InvariantCulture)),
        _ => data.GetText(column.Name).Select(s => s ?? ""),
    };
}
