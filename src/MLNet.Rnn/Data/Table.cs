using System.Collections;

namespace MLNet.Rnn.Data;

/// <summary>
/// An in-memory columnar dataset with a schema: the data that estimators learn from and transformers score.
/// Columns are immutable lists of one <see cref="ColumnKind"/> each; every column has <see cref="RowCount"/> values.
/// </summary>
/// <remarks>
/// Reading a column as the wrong kind throws an <see cref="ArgumentException"/> that names the column, the kind
/// asked for and the kind it has, so a mismatch between options and data fails at <c>Fit</c> or <c>Transform</c>
/// with a message that says what to change.
/// </remarks>
public sealed class Table
{
    private readonly IList[] _values;
    private readonly Dictionary<string, Column> _byName;

    private Table(IReadOnlyList<Column> schema, IList[] values, int rowCount)
    {
        Schema = schema;
        _values = values;
        RowCount = rowCount;
        _byName = schema.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<Column> Schema { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Builds a table from named columns; each list's element type must be the kind's type.</summary>
    /// <exception cref="ArgumentException">Duplicate or empty names, columns of different lengths, or a list of the wrong type.</exception>
    public static Table Create(IEnumerable<(string Name, ColumnKind Kind, IList Values)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var schema = new List<Column>();
        var values = new List<IList>();
        int? rows = null;
        foreach (var (name, kind, list) in columns)
        {
            if (string.IsNullOrEmpty(name))
                throw new ArgumentException("Every column needs a name.", nameof(columns));
            if (schema.Any(c => c.Name == name))
                throw new ArgumentException($"Column '{name}' appears twice.", nameof(columns));
            ArgumentNullException.ThrowIfNull(list, name);
            var expected = Column.ClrType(kind);
            var elementType = list.GetType().IsArray ? list.GetType().GetElementType() : list.GetType().GetGenericArguments().FirstOrDefault();
            if (elementType != expected)
                throw new ArgumentException($"Column '{name}' is declared {kind} ({expected.Name}) but holds {elementType?.Name ?? "unknown"} values.", nameof(columns));
            if (rows is { } r && list.Count != r)
                throw new ArgumentException($"Column '{name}' has {list.Count} rows; the columns before it have {r}.", nameof(columns));
            rows = list.Count;
            schema.Add(new Column(name, schema.Count, kind));
            values.Add(list);
        }
        return new Table(schema, [.. values], rows ?? 0);
    }

    /// <summary>Whether a column has the given name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The column with the given name.</summary>
    /// <exception cref="ArgumentException">No such column (the message lists the columns there are).</exception>
    public Column GetColumn(string name) => _byName.TryGetValue(name, out var column)
        ? column
        : throw new ArgumentException($"The data has no column '{name}'. Columns: {string.Join(", ", Schema.Select(c => $"{c.Name} ({c.Kind})"))}.", nameof(name));

    /// <summary>The values of a <see cref="ColumnKind.Text"/> column.</summary>
    public IReadOnlyList<string> GetText(string name) => Get<string>(name, ColumnKind.Text);

    /// <summary>The values of a <see cref="ColumnKind.Tokens"/> column.</summary>
    public IReadOnlyList<string[]> GetTokens(string name) => Get<string[]>(name, ColumnKind.Tokens);

    /// <summary>The values of a <see cref="ColumnKind.Number"/> column.</summary>
    public IReadOnlyList<float> GetNumbers(string name) => Get<float>(name, ColumnKind.Number);

    /// <summary>The values of a <see cref="ColumnKind.Boolean"/> column.</summary>
    public IReadOnlyList<bool> GetBooleans(string name) => Get<bool>(name, ColumnKind.Boolean);

    /// <summary>The values of a <see cref="ColumnKind.Vector"/> column.</summary>
    public IReadOnlyList<float[]> GetVectors(string name) => Get<float[]>(name, ColumnKind.Vector);

    /// <summary>The values of a <see cref="ColumnKind.Sequence"/> column (steps x features).</summary>
    public IReadOnlyList<float[][]> GetSequences(string name) => Get<float[][]>(name, ColumnKind.Sequence);

    /// <summary>The raw list of a column, whatever its kind.</summary>
    public IList GetValues(string name) => _values[GetColumn(name).Index];

    /// <summary>The rows at <paramref name="indices"/>, in that order (values shared, not copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, RowCount).</exception>
    public Table Take(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)RowCount)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Row {i} is outside [0, {RowCount}).");
        }
        var values = _values.Select(list => Subset(list, indices)).ToArray();
        return new Table(Schema, values, indices.Count);
    }

    /// <summary>
    /// This table with one more column (or a column of that name replaced), e.g. scores added by a transformer;
    /// <paramref name="slotNames"/> names the positions of a Vector column (the classes of a probability vector).
    /// </summary>
    /// <exception cref="ArgumentException">The column's length or value type is wrong.</exception>
    public Table WithColumn(string name, ColumnKind kind, IList values, IReadOnlyList<string>? slotNames = null)
    {
        var kept = Schema.Where(c => c.Name != name).ToList();
        var table = Create(kept.Select(c => (c.Name, c.Kind, _values[c.Index])).Append((name, kind, values)));
        if (table.RowCount != RowCount && Schema.Count > 0)
            throw new ArgumentException($"Column '{name}' has {table.RowCount} rows; the table has {RowCount}.", nameof(values));
        // Create numbered the columns afresh; carry the kept columns' slot names over.
        var schema = table.Schema.Select((c, i) => i < kept.Count ? c with { SlotNames = kept[i].SlotNames } : c with { SlotNames = slotNames }).ToArray();
        return new Table(schema, table._values, table.RowCount);
    }

    private IReadOnlyList<T> Get<T>(string name, ColumnKind kind)
    {
        var column = GetColumn(name);
        if (column.Kind != kind)
            throw new ArgumentException($"Column '{name}' is {column.Kind} ({Column.ClrType(column.Kind).Name}); expected {kind} ({Column.ClrType(kind).Name}).", nameof(name));
        return (IReadOnlyList<T>)_values[column.Index];
    }

    private static IList Subset(IList list, IReadOnlyList<int> indices)
    {
        var result = Array.CreateInstance(list.GetType().IsArray ? list.GetType().GetElementType()! : list.GetType().GetGenericArguments()[0], indices.Count);
        for (int i = 0; i < indices.Count; i++)
            result.SetValue(list[indices[i]], i);
        return result;
    }
}
