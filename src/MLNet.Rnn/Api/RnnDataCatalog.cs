using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Data;

namespace MLNet.Rnn;

/// <summary>
/// Loaders ML.NET lacks, for the data recurrent models learn from, each returning an <see cref="IDataView"/> next to
/// <c>mlContext.Data.LoadFromTextFile</c>: tagged sentences (CoNLL-U and CoNLL), plain text for language models, and
/// windows of a CSV time series for forecasting.
/// </summary>
public static class RnnDataCatalog
{
    /// <summary>
    /// A CoNLL-U treebank (Universal Dependencies), one row per sentence: <c>Tokens</c> (the FORM field) and <c>Tags</c>
    /// (UPOS, or XPOS with <paramref name="tagField"/> "xpos"), both vectors of text of the sentence's length.
    /// </summary>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="path">The .conllu file.</param>
    /// <param name="maxSentences">Stop after this many sentences; null reads them all.</param>
    /// <param name="tagField">"upos" or "xpos".</param>
    /// <remarks>Comments, multi-word token lines (IDs like 3-4) and empty nodes (3.1) are skipped: the rows hold the words a tagger labels.</remarks>
    /// <exception cref="InvalidDataException">A malformed line (file and line named; a two-column file is pointed to <see cref="LoadFromConll"/>).</exception>
    public static IDataView LoadFromConllu(this DataOperationsCatalog catalog, string path, int? maxSentences = null, string tagField = "upos") =>
        Sentences(catalog, ConllReader.ReadConllu(path, maxSentences, tagField));

    /// <summary>
    /// A CoNLL-style file (one token per line, fields separated by white space, a blank line between sentences), one row
    /// per sentence: <c>Tokens</c> and <c>Tags</c>, both vectors of text.
    /// </summary>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="path">The file.</param>
    /// <param name="tokenField">The zero-based field of the token; negative counts from the end.</param>
    /// <param name="tagField">The field of the tag; -1, the default, is the last (the NER tag of CoNLL-2003).</param>
    /// <param name="maxSentences">Stop after this many sentences; null reads them all.</param>
    /// <exception cref="InvalidDataException">A line lacks a field (file and line named; a CoNLL-U file is pointed to <see cref="LoadFromConllu"/>).</exception>
    public static IDataView LoadFromConll(this DataOperationsCatalog catalog, string path, int tokenField = 0, int tagField = -1, int? maxSentences = null) =>
        Sentences(catalog, ConllReader.ReadConll(path, tokenField, tagField, maxSentences));

    /// <summary>
    /// Plain text in a <c>Text</c> column: the whole file as one row (a corpus for a language model, line breaks kept),
    /// or one row per non-blank line.
    /// </summary>
    public static IDataView LoadFromPlainText(this DataOperationsCatalog catalog, string path, bool oneRowPerLine = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] rows = oneRowPerLine ? [.. File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line))] : [File.ReadAllText(path)];
        return catalog.LoadFromEnumerable(rows.Select(text => new TextRow { Text = text }).ToList());
    }

    /// <summary>
    /// A CSV time series (one step per line, oldest first) as sliding windows, oldest first: <c>History</c>, a vector of
    /// <paramref name="history"/> x <paramref name="featureColumns"/>.Count values (step after step; set
    /// <c>FeaturesPerStep</c> to the number of feature columns), and <c>Target</c>, a vector of the next
    /// <paramref name="horizon"/> values of <paramref name="targetColumn"/>.
    /// </summary>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="path">The file (RFC 4180 quoting on).</param>
    /// <param name="featureColumns">The columns each step holds, in order; usually including the target.</param>
    /// <param name="targetColumn">The column forecast.</param>
    /// <param name="history">Steps in each window.</param>
    /// <param name="horizon">Values forecast after each window.</param>
    /// <param name="stride">Steps between window starts.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="hasHeader">Whether the first line names the columns; without one, name columns by position ("0", "1", ...).</param>
    /// <exception cref="InvalidDataException">A column is missing (the header is listed) or a cell is not a finite number (line and column named).</exception>
    public static IDataView LoadTimeSeriesWindows(this DataOperationsCatalog catalog, string path, IReadOnlyList<string> featureColumns, string targetColumn,
        int history, int horizon = 1, int stride = 1, char separator = ',', bool hasHeader = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var series = TimeSeriesWindows.Read(path, featureColumns, targetColumn, history, horizon, stride, separator, hasHeader);
        return Windows(catalog, series.Windows, series);
    }

    /// <summary>
    /// A CSV time series as sliding windows (as the other overload reads them) split in time order, as ML.NET's
    /// <c>TrainTestSplit</c> splits at random: <c>TestSet</c> holds the windows that forecast the last
    /// <paramref name="testFraction"/> of the series, <c>TrainSet</c> those that forecast only what came before. A
    /// random split of overlapping windows of one series would train on the future it is tested on.
    /// </summary>
    /// <remarks>
    /// Test windows' histories may reach back into the training period, as a forecast made then would. Windows whose
    /// targets straddle the cut (horizon - 1 of them at stride 1) are in neither set, so no value is both learned and
    /// tested.
    /// </remarks>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="path">The file (RFC 4180 quoting on).</param>
    /// <param name="featureColumns">The columns each step holds, in order; usually including the target.</param>
    /// <param name="targetColumn">The column forecast.</param>
    /// <param name="history">Steps in each window.</param>
    /// <param name="testFraction">The share of the forecast steps, at the end of the series, held out for testing.</param>
    /// <param name="horizon">Values forecast after each window.</param>
    /// <param name="stride">Steps between window starts.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="hasHeader">Whether the first line names the columns; without one, name columns by position ("0", "1", ...).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">The series is too short to leave windows on both sides.</exception>
    /// <exception cref="InvalidDataException">A column is missing (the header is listed) or a cell is not a finite number (line and column named).</exception>
    public static DataOperationsCatalog.TrainTestData LoadTimeSeriesWindows(this DataOperationsCatalog catalog, string path, IReadOnlyList<string> featureColumns,
        string targetColumn, int history, double testFraction, int horizon = 1, int stride = 1, char separator = ',', bool hasHeader = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var series = TimeSeriesWindows.Read(path, featureColumns, targetColumn, history, horizon, stride, separator, hasHeader);
        var (train, test) = series.SplitInTime(testFraction);
        return MLNetSplits.TrainTest(Windows(catalog, train, series), Windows(catalog, test, series));
    }

    private static IDataView Windows(DataOperationsCatalog catalog, List<SeriesWindow> windows, SeriesWindows series)
    {
        var schema = SchemaDefinition.Create(typeof(WindowRow));
        schema[nameof(WindowRow.History)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, series.Windows[0].History.Length);
        schema[nameof(WindowRow.Target)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, series.Horizon);
        // A list, so the view knows its row count.
        return catalog.LoadFromEnumerable(windows.Select(w => new WindowRow { History = w.History, Target = w.Target }).ToList(), schema);
    }

    private static IDataView Sentences(DataOperationsCatalog catalog, List<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.LoadFromEnumerable(sentences);
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class WindowRow
    {
        public float[] History { get; set; } = [];

        public float[] Target { get; set; } = [];
    }
}
