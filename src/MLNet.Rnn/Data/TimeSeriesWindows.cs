using System.Globalization;

namespace MLNet.Rnn.Data;

/// <summary>One window: where its history starts in the series, the history, and the values that follow it.</summary>
internal sealed record SeriesWindow(int Start, float[] History, float[] Target);

/// <summary>The windows of a series of <paramref name="Steps"/> steps, oldest first.</summary>
internal sealed record SeriesWindows(List<SeriesWindow> Windows, int Steps, int History, int Horizon)
{
    /// <summary>
    /// Splits in time order: the test windows forecast the last <paramref name="testFraction"/> of the steps that have
    /// a history before them; the training windows forecast only steps before those. Windows whose targets straddle
    /// the cut (horizon - 1 of them at stride 1) are in neither, so no value is both learned and tested.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">The series is too short to leave windows on both sides.</exception>
    public (List<SeriesWindow> Train, List<SeriesWindow> Test) SplitInTime(double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Expected a fraction strictly between 0 and 1.");
        int testSteps = (int)Math.Ceiling((Steps - History) * testFraction);
        int firstTestStep = Steps - testSteps;
        var train = Windows.Where(w => w.Start + History + Horizon <= firstTestStep).ToList();
        var test = Windows.Where(w => w.Start + History >= firstTestStep).ToList();
        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException($"A test fraction of {testFraction} of {Steps} steps (history {History}, horizon {Horizon}) leaves {train.Count} training and {test.Count} test windows; both need at least one.", nameof(testFraction));
        return (train, test);
    }
}

/// <summary>Slides windows over a CSV time series: each window's history and the values that follow it.</summary>
internal static class TimeSeriesWindows
{
    /// <summary>
    /// Reads numeric columns of a CSV time series (one step per line, oldest first) and slides windows over it: each
    /// window's history (<paramref name="history"/> steps of the <paramref name="featureColumns"/>, step after step) and
    /// its target (the next <paramref name="horizon"/> values of <paramref name="targetColumn"/>), oldest window first.
    /// </summary>
    /// <param name="path">The file. RFC 4180 quoting is on, so quoted headers such as <c>"YEAR"</c> match <c>YEAR</c>.</param>
    /// <param name="featureColumns">The columns each history step holds, in order; usually including the target.</param>
    /// <param name="targetColumn">The column forecast.</param>
    /// <param name="history">Steps in each window.</param>
    /// <param name="horizon">Values forecast after each window.</param>
    /// <param name="stride">Steps between window starts.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="hasHeader">Whether the first line names the columns; without one, name columns by zero-based position ("0", "1", ...).</param>
    /// <remarks>
    /// Only the named columns must be numbers (a date column can sit beside them). NaN, infinities and empty cells are
    /// rejected with their line and column rather than read: a window over a gap would teach the model garbage, so fill
    /// or drop missing values first. There are (steps - history - horizon) / stride + 1 windows.
    /// </remarks>
    /// <exception cref="ArgumentException">No feature columns, a column name that is not a position without a header, or too short a series.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="history"/>, <paramref name="horizon"/> or <paramref name="stride"/> is not positive.</exception>
    /// <exception cref="InvalidDataException">A column is missing from the header (the header is listed) or a cell is not a finite number (line and column named).</exception>
    public static SeriesWindows Read(string path, IReadOnlyList<string> featureColumns, string targetColumn,
        int history, int horizon = 1, int stride = 1, char separator = ',', bool hasHeader = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(featureColumns);
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        if (featureColumns.Count == 0)
            throw new ArgumentException("Name at least one feature column.", nameof(featureColumns));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(history);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        if (separator == '"')
            throw new ArgumentException("The separator cannot be the quote character.", nameof(separator));

        string[] names = [.. featureColumns.Append(targetColumn).Distinct(StringComparer.Ordinal)];
        var series = ReadColumns(path, names, separator, hasHeader);
        int steps = series[targetColumn].Count;
        if (steps < history + horizon)
            throw new ArgumentException($"{path} has {steps} steps; one window needs {history} of history and {horizon} ahead.", nameof(path));

        var features = featureColumns.Select(name => series[name]).ToArray();
        var target = series[targetColumn];
        var windows = new List<SeriesWindow>();
        for (int start = 0; start + history + horizon <= steps; start += stride)
        {
            var window = new float[history * features.Length];
            for (int s = 0; s < history; s++)
            {
                for (int f = 0; f < features.Length; f++)
                    window[s * features.Length + f] = features[f][start + s];
            }
            windows.Add(new SeriesWindow(start, window, [.. target.Skip(start + history).Take(horizon)]));
        }
        return new SeriesWindows(windows, steps, history, horizon);
    }

    /// <summary>The named columns as numbers, found by header name or by position.</summary>
    private static Dictionary<string, List<float>> ReadColumns(string path, string[] names, char separator, bool hasHeader)
    {
        using var reader = new StreamReader(path);
        var records = new DelimitedRecordReader(reader, path, separator, allowQuoting: true, trimWhitespace: true);
        var fields = new List<string>();
        int[] positions;
        if (hasHeader)
        {
            if (!records.TryRead(fields, out _))
                throw new InvalidDataException($"{path}: the file is empty; a header line was expected.");
            var header = fields.Select(h => h.Trim()).ToList();
            positions = names.Select(name => header.IndexOf(name)).ToArray();
            var missing = names.Where((_, i) => positions[i] < 0).Select(n => $"'{n}'").ToArray();
            if (missing.Length > 0)
                throw new InvalidDataException($"{path}: the header has no column {string.Join(", ", missing)}. Header: {string.Join(", ", header)}.");
        }
        else
        {
            positions = names.Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int position)
                ? position
                : throw new ArgumentException($"Column '{name}': a file without a header names its columns by zero-based position (\"0\", \"1\", ...).", nameof(names))).ToArray();
        }

        var columns = names.ToDictionary(name => name, _ => new List<float>(), StringComparer.Ordinal);
        while (records.TryRead(fields, out int line))
        {
            for (int c = 0; c < names.Length; c++)
            {
                int position = positions[c];
                if (position >= fields.Count)
                    throw new InvalidDataException($"{path}: line {line} has {fields.Count} field(s); column '{names[c]}' reads position {position}.");
                if (!float.TryParse(fields[position], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                    throw new InvalidDataException($"{path}: line {line}, column '{names[c]}' (position {position}): '{fields[position]}' is not a finite number (NaN, infinities and empty cells are rejected: fill or drop missing values first).");
                columns[names[c]].Add(value);
            }
        }
        return columns;
    }
}
