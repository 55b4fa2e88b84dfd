using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>A column's values as text, one string per row, floats by their bits: equal strings mean bit-identical values.</summary>
internal static class ScoredValues
{
    public static List<string> Of(IDataView data, string columnName)
    {
        var column = data.Schema[columnName];
        using var cursor = data.GetRowCursor([column]);
        var read = Reader(cursor, column);
        var rows = new List<string>();
        while (cursor.MoveNext())
            rows.Add(read());
        return rows;
    }

    private static Func<string> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var type = column.Type;
        var item = DataViewTypes.ItemOf(type);
        return (type is VectorDataViewType, item.RawType) switch
        {
            (false, var t) when t == typeof(float) => Read<float>(cursor, column, Bits),
            (false, var t) when t == typeof(uint) => Read<uint>(cursor, column, v => v.ToString()),
            (false, var t) when t == typeof(bool) => Read<bool>(cursor, column, v => v.ToString()),
            (false, _) => Read<ReadOnlyMemory<char>>(cursor, column, v => v.ToString()),
            (true, var t) when t == typeof(float) => Read<VBuffer<float>>(cursor, column, v => string.Join(",", v.DenseValues().Select(Bits))),
            (true, var t) when t == typeof(uint) => Read<VBuffer<uint>>(cursor, column, v => string.Join(",", v.DenseValues())),
            _ => Read<VBuffer<ReadOnlyMemory<char>>>(cursor, column, v => string.Join("|", v.DenseValues())),
        };
    }

    private static Func<string> Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, string> format)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return format(value);
        };
    }

    /// <summary>The floats of a value <see cref="Of"/> wrote (one, or a vector's, comma-separated).</summary>
    public static float[] Floats(string value) =>
        value.Split(',').Select(bits => BitConverter.Int32BitsToSingle(int.Parse(bits, System.Globalization.NumberStyles.HexNumber))).ToArray();

    private static string Bits(float value) => BitConverter.SingleToInt32Bits(value).ToString("x8");
}
