using System.Reflection;

namespace MLNet.Rnn.Data;

/// <summary>One public property or field of a row class, mapped to a <see cref="Table"/> column.</summary>
/// <remarks>
/// The column holds the kind's own type (<see cref="float"/> for every number, <c>float[]</c> for every vector), so a
/// <see cref="double"/>, <see cref="int"/> or <see cref="long"/> member is converted on the way in and back on the
/// way out.
/// </remarks>
public sealed class TableMember
{
    /// <summary>The member types a column can hold, and the kind each maps to.</summary>
    internal static readonly IReadOnlyDictionary<Type, ColumnKind> KindOf = new Dictionary<Type, ColumnKind>
    {
        [typeof(string)] = ColumnKind.Text,
        [typeof(string[])] = ColumnKind.Tokens,
        [typeof(float)] = ColumnKind.Number,
        [typeof(double)] = ColumnKind.Number,
        [typeof(int)] = ColumnKind.Number,
        [typeof(long)] = ColumnKind.Number,
        [typeof(bool)] = ColumnKind.Boolean,
        [typeof(float[])] = ColumnKind.Vector,
        [typeof(double[])] = ColumnKind.Vector,
        [typeof(float[][])] = ColumnKind.Sequence,
    };

    private readonly MemberInfo _member;

    internal TableMember(MemberInfo member, Type memberType, TableColumnAttribute? attribute)
    {
        _member = member;
        MemberType = memberType;
        Name = attribute?.Name ?? member.Name;
        Position = attribute?.Position ?? -1;
        Kind = KindOf.TryGetValue(memberType, out var kind)
            ? kind
            : throw new ArgumentException(
                $"Member '{member.DeclaringType?.Name}.{member.Name}' has type {memberType.Name}, which no column kind holds. " +
                $"Supported types: {string.Join(", ", KindOf.Keys.Select(t => t.Name))}; " +
                "mark the member [TableColumn(Ignore = true)] to leave it out.");
    }

    /// <summary>The column name: the attribute's name, else the member name.</summary>
    public string Name { get; }

    /// <summary>The zero-based field position in a delimited file, or -1 to find it by name in the header.</summary>
    public int Position { get; }

    /// <summary>The kind of the column.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The member's name in the class.</summary>
    public string MemberName => _member.Name;

    /// <summary>The member's .NET type.</summary>
    public Type MemberType { get; }

    /// <summary>The member's value in <paramref name="row"/>, as the column's type.</summary>
    internal object? Read(object row)
    {
        object? value = _member is PropertyInfo p ? p.GetValue(row) : ((FieldInfo)_member).GetValue(row);
        return value switch
        {
            double d => (float)d,
            int i => (float)i,
            long l => (float)l,
            double[] v => Array.ConvertAll(v, x => (float)x),
            _ => value,
        };
    }

    /// <summary>Sets the member in <paramref name="row"/> from a column value.</summary>
    /// <exception cref="ArgumentException">A number does not fit an integer member (NaN, infinite or out of range).</exception>
    internal void Write(object row, object? value, int rowIndex)
    {
        object? converted = value;
        if (value is float f && MemberType != typeof(float))
        {
            // Integers round to the nearest value: a model's output like 2.9999998 means 3, not 2.
            double rounded = Math.Round(f);
            converted = MemberType == typeof(double) ? (object)(double)f
                : MemberType == typeof(int) && rounded is >= int.MinValue and <= int.MaxValue ? (object)(int)rounded
                : MemberType == typeof(long) && rounded is >= long.MinValue and < long.MaxValue ? (object)(long)rounded
                : throw new ArgumentException($"Row {rowIndex}, column '{Name}': {f} does not fit member '{MemberName}' ({MemberType.Name}).");
        }
        else if (value is float[] v && MemberType == typeof(double[]))
        {
            converted = Array.ConvertAll(v, x => (double)x);
        }

        if (_member is PropertyInfo property)
            property.SetValue(row, converted);
        else
            ((FieldInfo)_member).SetValue(row, converted);
    }
}
