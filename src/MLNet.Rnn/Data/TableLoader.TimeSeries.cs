using System.Globalization;

namespace MLNet.Rnn.Data;

public static partial class TableLoader
{
    /// <summary>
    /// Reads numeric columns of a CSV time series (one step per line, oldest first) and slides windows over it:
    /// each row's "History" (<see cref="ColumnKind.Sequence"/>, <paramref name="history"/> steps x
    /// <paramref name="featureColumns"/>.Count) is followed by its "Target" (<see cref="ColumnKind.Vector"/>, the
    /// next <paramref name="horizon"/> values of <paramref name="targetColumn"/>).
    /// </summary>
    /// <param name="path">The file. RFC 4180 quoting is always on, so quoted headers such as <c>"YEAR"</c> match <c>YEAR</c>.</param>
    /// <param name="featureColumns">The columns each history step holds, in order; usually including the target.</param>
    /// <param name="targetColumn">The column forecast.</param>
    /// <param name="history">Steps in each window.</param>
    /// <param name="horizon">Values forecast after each window.</param>
    /// <param name="stride">Steps between window starts.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="hasHeader">Whether the first line names the columns; without one, name columns by zero-based position ("0", "1", ...).</param>
    /// <remarks>
    /// Only the named columns must be numbers (a date column can sit beside them). NaN, infinities and empty cells
    /// are rejected with their line and column rather than read: a window over a gap would teach the model
    /// garbage, so fill or drop missing values first. There are (steps - history - horizon) / stride + 1 windows.
    /// </remarks>
    /// <exception cref="ArgumentException">No feature columns, a column name that is not a position without a header, or too short a series.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="history"/>, <paramref name="horizon"/> or <paramref name="stride"/> is not positive.</exception>
    /// <exception cref="InvalidDataException">A column is missing from the header (the header is listed) or a cell is not a finite number (line and column named).</exception>
    public static Table FromTimeSeriesCsv(string path, IReadOnlyList<string> featureColumns, string targetColumn, int history, int horizon = 1, int stride = 1, char separator = ',', bool hasHeader = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(featureColumns);
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        if (featureColumns.Count == 0)
            throw new ArgumentException("Name at least one feature column.", nameof(featureColumns));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(history);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);

        string[] names = [.. featureColumns.Append(targetColumn).Distinct(StringComparer.Ordinal)];
        var columns = names.Select(name => (name, hasHeader ? -1 : PositionFromName(name), ColumnKind.Number)).ToArray();
        Table series;
        using (var reader = new StreamReader(path))
            series = DelimitedTableReader.Read(reader, path, columns, separator, hasHeader, allowQuoting: true, trimWhitespace: true, finiteNumbersOnly: true);

        int steps = series.RowCount;
        if (steps < history + horizon)
            throw new ArgumentException($"{path} has {steps} steps; one window needs {history} of history and {horizon} ahead.", nameof(path));

        var features = featureColumns.Select(series.GetNumbers).ToArray();
        var target = series.GetNumbers(targetColumn);
        var histories = new List<float[][]>();
        var targets = new List<float[]>();
        for (int start = 0; start + history + horizon <= steps; start += stride)
        {
            var window = new float[history][];
            for (int s = 0; s < history; s++)
                window[s] = [.. features.Select(f => f[start + s])];
            histories.Add(window);
            targets.Add([.. Enumerable.Range(start + history, horizon).Select(i => target[i])]);
        }
        return Table.Create([("History", ColumnKind.Sequence, histories), ("Target", ColumnKind.Vector, targets)]);

        int PositionFromName(string name) => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int position)
            ? position
            : throw new ArgumentException($"Column '{name}': a file without a header names its columns by zero-based position (\"0\", \"1\", ...).", nameof(featureColumns));
    }
}
