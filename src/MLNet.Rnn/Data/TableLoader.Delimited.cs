namespace MLNet.Rnn.Data;

public static partial class TableLoader
{
    private const string ReaderSource = "(text reader)";

    /// <summary>
    /// Reads a delimited text file (TSV, CSV) into the columns of <typeparamref name="T"/>: each member is read from
    /// the field at its <see cref="TableColumnAttribute.Position"/>, or, with a header and no position, from the
    /// header field equal to its column name.
    /// </summary>
    /// <param name="path">The file (UTF-8 unless it starts with another byte order mark).</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="hasHeader">Whether the first non-blank line names the fields.</param>
    /// <param name="allowQuoting">Whether RFC 4180 quoting applies ("a ""b"" c"; separators and line breaks inside quotes); off, quotes are ordinary text.</param>
    /// <param name="trimWhitespace">Whether white space around each field (and around quotes) is dropped.</param>
    /// <remarks>
    /// Numbers parse with the invariant culture (so "NaN" is accepted); an empty number is an error. Booleans are
    /// true/false (any case) or 1/0. A Tokens member reads the field split on white space. Blank lines are skipped;
    /// fields beyond the mapped ones are ignored.
    /// </remarks>
    /// <exception cref="ArgumentException">A member has a type a field cannot hold (vectors, sequences) or no position without a header.</exception>
    /// <exception cref="InvalidDataException">A value does not parse, a line is too short, a header name is missing, or a quote is not closed: the message names the file, line, column and text.</exception>
    public static Table FromDelimitedFile<T>(string path, char separator = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false) =>
        FromDelimitedFile(path, ColumnsOf<T>(), separator, hasHeader, allowQuoting, trimWhitespace);

    /// <summary>Reads delimited text from <paramref name="reader"/> into the columns of <typeparamref name="T"/>; see <see cref="FromDelimitedFile{T}(string, char, bool, bool, bool)"/>.</summary>
    /// <exception cref="ArgumentException">A member has a type a field cannot hold, or no position without a header.</exception>
    /// <exception cref="InvalidDataException">The text is malformed; the message names the line, column and text.</exception>
    public static Table FromDelimitedFile<T>(TextReader reader, char separator = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false) =>
        DelimitedTableReader.Read(reader, ReaderSource, ColumnsOf<T>(), separator, hasHeader, allowQuoting, trimWhitespace, finiteNumbersOnly: false);

    /// <summary>
    /// Reads the listed columns of a delimited text file; a column with position -1 is found by name in the
    /// header. Conventions as in <see cref="FromDelimitedFile{T}(string, char, bool, bool, bool)"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Each column's name, zero-based field position (or -1) and kind (Text, Tokens, Number or Boolean).</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="hasHeader">Whether the first non-blank line names the fields.</param>
    /// <param name="allowQuoting">Whether RFC 4180 quoting applies.</param>
    /// <param name="trimWhitespace">Whether white space around each field is dropped.</param>
    /// <exception cref="ArgumentException">A column kind a field cannot hold, a bad position, or a position of -1 without a header.</exception>
    /// <exception cref="InvalidDataException">The file is malformed; the message names the file, line, column and text.</exception>
    public static Table FromDelimitedFile(string path, IReadOnlyList<(string Name, int Position, ColumnKind Kind)> columns, char separator = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return DelimitedTableReader.Read(reader, path, columns, separator, hasHeader, allowQuoting, trimWhitespace, finiteNumbersOnly: false);
    }

    /// <summary>Reads the listed columns of delimited text from <paramref name="reader"/>, with the conventions of the overload that takes a path.</summary>
    /// <exception cref="ArgumentException">A column kind a field cannot hold, a bad position, or a position of -1 without a header.</exception>
    /// <exception cref="InvalidDataException">The text is malformed; the message names the line, column and text.</exception>
    public static Table FromDelimitedFile(TextReader reader, IReadOnlyList<(string Name, int Position, ColumnKind Kind)> columns, char separator = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false) =>
        DelimitedTableReader.Read(reader, ReaderSource, columns, separator, hasHeader, allowQuoting, trimWhitespace, finiteNumbersOnly: false);

    private static (string Name, int Position, ColumnKind Kind)[] ColumnsOf<T>() =>
        [.. TableMapping<T>.Instance.Members.Select(m => (m.Name, m.Position, m.Kind))];
}
