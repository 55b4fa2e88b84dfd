using MLNet.Rnn.Data;

namespace MLNet.Rnn;

/// <summary>Loads data into <see cref="Table"/>s, splits them, and reads tables back as typed rows.</summary>
public sealed class DataCatalog
{
    private readonly RnnContext _context;

    internal DataCatalog(RnnContext context) => _context = context;

    /// <summary>A table from typed rows: public members become columns (see <see cref="TableColumnAttribute"/>).</summary>
    public Table LoadFromEnumerable<T>(IEnumerable<T> rows) => TableLoader.FromEnumerable(rows);

    /// <summary>A delimited text file read into the members of <typeparamref name="T"/> by position or header name.</summary>
    public Table LoadFromTextFile<T>(string path, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false) =>
        TableLoader.FromDelimitedFile<T>(path, separatorChar, hasHeader, allowQuoting);

    /// <summary>A CoNLL-U file: columns <c>Tokens</c> and <c>Tags</c> (UPOS, or XPOS with <paramref name="tagField"/> "xpos").</summary>
    public Table LoadFromConllu(string path, int? maxSentences = null, string tagField = "upos") => TableLoader.FromConllu(path, maxSentences, tagField);

    /// <summary>Plain text in a <c>Text</c> column: the whole file as one row (language models), or one row per non-empty line.</summary>
    public Table LoadFromPlainText(string path, bool oneRowPerLine = false) => TableLoader.FromPlainText(path, oneRowPerLine);

    /// <summary>
    /// A CSV time series as sliding windows: <c>History</c> (steps x features) and <c>Target</c> (the next
    /// <paramref name="horizon"/> values of <paramref name="targetColumn"/>).
    /// </summary>
    public Table LoadTimeSeries(string path, IReadOnlyList<string> featureColumns, string targetColumn, int history, int horizon = 1, int stride = 1) =>
        TableLoader.FromTimeSeriesCsv(path, featureColumns, targetColumn, history, horizon, stride);

    /// <summary>Splits rows at random (seeded by the context unless <paramref name="seed"/> is given) into a training and a test set.</summary>
    public TrainTestData TrainTestSplit(Table data, double testFraction = 0.1, int? seed = null)
    {
        var (train, test) = TableSplit.TrainTest(data, testFraction, seed is { } s ? (ulong)(uint)s : _context.NextSeed());
        return new TrainTestData(train, test);
    }

    /// <summary>Reads a table's rows as <typeparamref name="T"/>, matching columns to members by name.</summary>
    public IEnumerable<T> CreateEnumerable<T>(Table data) where T : new() => TableLoader.ToEnumerable<T>(data);
}

/// <summary>A training set and a test set.</summary>
/// <param name="TrainSet">Rows to learn from.</param>
/// <param name="TestSet">Rows held out for evaluation.</param>
public sealed record TrainTestData(Table TrainSet, Table TestSet);
