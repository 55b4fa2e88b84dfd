namespace MLNet.Rnn.Data;

public static partial class TableLoader
{
    /// <summary>
    /// Reads a text file into one <see cref="ColumnKind.Text"/> column, "Text": the whole file as one row (a corpus
    /// for a language model, line breaks kept), or one row per line.
    /// </summary>
    /// <param name="path">The file (UTF-8 unless it starts with another byte order mark).</param>
    /// <param name="oneRowPerLine">Whether each line is a row; blank (empty or white-space-only) lines are then skipped.</param>
    public static Table FromPlainText(string path, bool oneRowPerLine = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] rows = oneRowPerLine
            ? [.. File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line))]
            : [File.ReadAllText(path)];
        return Table.Create([("Text", ColumnKind.Text, rows)]);
    }
}
