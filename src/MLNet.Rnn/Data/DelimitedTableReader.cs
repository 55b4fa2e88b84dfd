using System.Collections;
using System.Globalization;

namespace MLNet.Rnn.Data;

/// <summary>
/// Reads chosen fields of delimited text into typed columns: finds each column's field (by position, or by name in
/// the header), parses it with the invariant culture and reports the exact place of any bad value.
/// </summary>
internal static class DelimitedTableReader
{
    /// <summary>Reads the columns; <paramref name="finiteNumbersOnly"/> rejects NaN and infinities.</summary>
    public static Table Read(
        TextReader reader,
        string source,
        IReadOnlyList<(string Name, int Position, ColumnKind Kind)> columns,
        char separator,
        bool hasHeader,
        bool allowQuoting,
        bool trimWhitespace,
        bool finiteNumbersOnly)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        Validate(columns, hasHeader);
        if (allowQuoting && separator == '"')
            throw new ArgumentException("The separator cannot be the quote character when quoting is allowed.", nameof(separator));

        var records = new DelimitedRecordReader(reader, source, separator, allowQuoting, trimWhitespace);
        var fields = new List<string>();
        int[] positions = columns.Select(c => c.Position).ToArray();
        if (hasHeader)
        {
            if (!records.TryRead(fields, out _))
                throw new InvalidDataException($"{source}: the file is empty; a header line was expected.");
            ResolveByHeader(source, columns, fields, positions);
        }

        var values = columns.Select(c => (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(Column.ClrType(c.Kind)))!).ToArray();
        while (records.TryRead(fields, out int line))
        {
            for (int c = 0; c < columns.Count; c++)
            {
                var (name, _, kind) = columns[c];
                int position = positions[c];
                if (position >= fields.Count)
                    throw new InvalidDataException($"{source}: line {line} has {fields.Count} field(s); column '{name}' reads position {position}.");
                values[c].Add(Parse(fields[position], kind, finiteNumbersOnly)
                    ?? throw new InvalidDataException($"{source}: line {line}, column '{name}' (position {position}): '{fields[position]}' is not {Expected(kind, finiteNumbersOnly)}."));
            }
        }
        return Table.Create(columns.Select((c, i) => (c.Name, c.Kind, values[i])));
    }

    private static void Validate(IReadOnlyList<(string Name, int Position, ColumnKind Kind)> columns, bool hasHeader)
    {
        if (columns.Count == 0)
            throw new ArgumentException("Name at least one column to read.", nameof(columns));
        foreach (var (name, position, kind) in columns)
        {
            if (kind is not (ColumnKind.Text or ColumnKind.Tokens or ColumnKind.Number or ColumnKind.Boolean))
                throw new ArgumentException($"Column '{name}' is {kind}; a delimited field holds Text, Tokens (space-separated), Number or Boolean values.", nameof(columns));
            if (position < -1)
                throw new ArgumentOutOfRangeException(nameof(columns), position, $"Column '{name}' has position {position}; use a zero-based position, or -1 to find it in the header.");
            if (position == -1 && !hasHeader)
                throw new ArgumentException($"Column '{name}' has no position and the file has no header to find it by name.", nameof(columns));
        }
    }

    /// <summary>Fills the unset positions from the header; header names are compared trimmed and case-sensitively.</summary>
    private static void ResolveByHeader(string source, IReadOnlyList<(string Name, int Position, ColumnKind Kind)> columns, List<string> header, int[] positions)
    {
        var names = header.Select(h => h.Trim()).ToList();
        var missing = new List<string>();
        for (int c = 0; c < columns.Count; c++)
        {
            if (positions[c] >= 0)
                continue;
            positions[c] = names.IndexOf(columns[c].Name);
            if (positions[c] < 0)
                missing.Add($"'{columns[c].Name}'");
        }
        if (missing.Count > 0)
            throw new InvalidDataException($"{source}: the header has no column {string.Join(", ", missing)}. Header: {string.Join(", ", names)}.");
    }

    /// <summary>The value of a field as the kind's type, or null when it does not parse.</summary>
    private static object? Parse(string field, ColumnKind kind, bool finiteNumbersOnly) => kind switch
    {
        ColumnKind.Text => field,
        ColumnKind.Tokens => field.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        ColumnKind.Number => float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float number)
            && (!finiteNumbersOnly || float.IsFinite(number)) ? number : null,
        _ => ParseBoolean(field.Trim()),
    };

    /// <summary>true/false in any case, or 1/0: what label columns are written as.</summary>
    private static object? ParseBoolean(string field) =>
        field == "1" || field.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : field == "0" || field.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    private static string Expected(ColumnKind kind, bool finiteNumbersOnly) => kind switch
    {
        ColumnKind.Number => finiteNumbersOnly ? "a finite number (NaN, infinities and empty cells are rejected: fill or drop missing values first)" : "a number",
        _ => "a boolean (true, false, 1 or 0)",
    };
}
