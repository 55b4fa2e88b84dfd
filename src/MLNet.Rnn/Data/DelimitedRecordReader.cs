using System.Text;

namespace MLNet.Rnn.Data;

/// <summary>
/// Splits delimited text into records of fields, with optional RFC 4180 quoting: a field that starts with a double
/// quote runs to the matching closing quote, may hold separators and line breaks, and writes a quote as two.
/// </summary>
/// <remarks>
/// Without quoting, quotes are ordinary characters (free text such as reviews is full of them). With quoting, a
/// quote inside an unquoted field is kept as it is, a lenience most CSV writers rely on. A line break inside a
/// quoted field becomes "\n" whatever the file used. Blank (empty or white-space-only) lines between records are
/// skipped.
/// </remarks>
internal sealed class DelimitedRecordReader(TextReader reader, string source, char separator, bool allowQuoting, bool trimWhitespace)
{
    private readonly StringBuilder _quoted = new();
    private int _lineNumber;

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the text.</summary>
    /// <param name="fields">Cleared, then filled with the record's fields.</param>
    /// <param name="lineNumber">The one-based line the record starts on.</param>
    /// <exception cref="InvalidDataException">A quoted field is not closed, or text follows a closing quote.</exception>
    public bool TryRead(List<string> fields, out int lineNumber)
    {
        fields.Clear();
        string? next;
        do
        {
            next = reader.ReadLine();
            _lineNumber++;
        }
        while (next is not null && string.IsNullOrWhiteSpace(next));

        lineNumber = _lineNumber;
        if (next is null)
            return false;
        string line = next;
        int i = 0;
        while (true)
        {
            int start = trimWhitespace ? SkipSpaces(line, i) : i;
            if (allowQuoting && start < line.Length && line[start] == '"')
            {
                i = ReadQuoted(ref line, start + 1, lineNumber, fields);
            }
            else
            {
                int end = line.IndexOf(separator, i);
                if (end < 0)
                    end = line.Length;
                string field = line[i..end];
                fields.Add(trimWhitespace ? field.Trim() : field);
                i = end;
            }

            if (i >= line.Length)
                return true;
            i++; // past the separator; a separator at the end of the line leaves one more, empty, field
        }
    }

    /// <summary>Reads a quoted field whose text starts at <paramref name="i"/>; returns the index after it.</summary>
    private int ReadQuoted(ref string line, int i, int startLine, List<string> fields)
    {
        _quoted.Clear();
        while (true)
        {
            if (i >= line.Length)
            {
                line = reader.ReadLine()
                    ?? throw new InvalidDataException($"{source}: line {startLine}: the quoted field {fields.Count + 1} is not closed before the end of the file.");
                _lineNumber++;
                _quoted.Append('\n');
                i = 0;
                continue;
            }

            char c = line[i++];
            if (c != '"')
            {
                _quoted.Append(c);
            }
            else if (i < line.Length && line[i] == '"')
            {
                _quoted.Append('"');
                i++;
            }
            else
            {
                break;
            }
        }

        fields.Add(_quoted.ToString());
        int after = trimWhitespace ? SkipSpaces(line, i) : i;
        if (after < line.Length && line[after] != separator)
            throw new InvalidDataException($"{source}: line {_lineNumber}: '{line[after]}' follows the closing quote of field {fields.Count}; expected the separator or the end of the line.");
        return after;
    }

    /// <summary>The first index at or after <paramref name="i"/> that is not white space (the separator counts as text).</summary>
    private int SkipSpaces(string line, int i)
    {
        while (i < line.Length && line[i] != separator && char.IsWhiteSpace(line[i]))
            i++;
        return i;
    }
}
