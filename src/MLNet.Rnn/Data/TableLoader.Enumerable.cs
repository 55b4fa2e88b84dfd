using System.Collections;

namespace MLNet.Rnn.Data;

public static partial class TableLoader
{
    /// <summary>
    /// A table with one column per mapped member of <typeparamref name="T"/> (see <see cref="TableMapping{T}"/>)
    /// and one row per item. Numbers become <see cref="float"/>s and <c>double[]</c> becomes <c>float[]</c>; other
    /// arrays are shared with the rows, not copied.
    /// </summary>
    /// <exception cref="ArgumentException">A member type is not supported, or a row is null.</exception>
    public static Table FromEnumerable<T>(IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var mapping = TableMapping<T>.Instance;
        var items = rows as IReadOnlyList<T> ?? rows.ToList();
        var columns = mapping.Members.Select(m => (m.Name, m.Kind, Values: (IList)Array.CreateInstance(Column.ClrType(m.Kind), items.Count))).ToList();
        for (int i = 0; i < items.Count; i++)
        {
            object row = items[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            for (int c = 0; c < columns.Count; c++)
                columns[c].Values[i] = mapping.Members[c].Read(row);
        }
        return Table.Create(columns);
    }

    /// <summary>
    /// The rows of <paramref name="table"/> as <typeparamref name="T"/>s: each mapped member is set from the column
    /// of the same name; a member with no such column keeps its default, and columns without a member are ignored.
    /// </summary>
    /// <remarks>
    /// The column kinds are checked before the first row is made, so a mismatch fails at the call. Integer members
    /// get numbers rounded to the nearest integer.
    /// </remarks>
    /// <exception cref="ArgumentException">A column's kind does not match its member's type (both are named).</exception>
    public static IEnumerable<T> ToEnumerable<T>(Table table)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(table);
        var matched = new List<(TableMember Member, IList Values)>();
        foreach (var member in TableMapping<T>.Instance.Members)
        {
            if (!table.Contains(member.Name))
                continue;
            var column = table.GetColumn(member.Name);
            if (column.Kind != member.Kind)
                throw new ArgumentException(
                    $"Column '{column.Name}' is {column.Kind} but member '{typeof(T).Name}.{member.MemberName}' ({member.MemberType.Name}) needs {member.Kind}.",
                    nameof(table));
            matched.Add((member, table.GetValues(column.Name)));
        }
        return Rows(table.RowCount, matched);

        static IEnumerable<T> Rows(int count, List<(TableMember Member, IList Values)> matched)
        {
            for (int i = 0; i < count; i++)
            {
                object row = new T();
                foreach (var (member, values) in matched)
                    member.Write(row, values[i], i);
                yield return (T)row;
            }
        }
    }
}
