using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>Each row's columns as ONNX Runtime takes them: text, token arrays, keys, floats, booleans (also compiled into the ONNX Runtime scorer).</summary>
internal static class OnnxInputRows
{
    public static List<Dictionary<string, object>> Of(IDataView data)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var readers = columns.Select(c => (c.Name, Read: Reader(cursor, c))).ToArray();
        var rows = new List<Dictionary<string, object>>();
        while (cursor.MoveNext())
            rows.Add(readers.ToDictionary(r => r.Name, r => r.Read()));
        return rows;
    }

    private static Func<object> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var item = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
        return (column.Type is VectorDataViewType, item.RawType) switch
        {
            (false, var t) when t == typeof(ReadOnlyMemory<char>) => Read<ReadOnlyMemory<char>>(cursor, column, v => v.ToString()),
            (false, var t) when t == typeof(float) => Read<float>(cursor, column, v => v),
            (false, var t) when t == typeof(uint) => Read<uint>(cursor, column, v => v),
            (false, var t) when t == typeof(bool) => Read<bool>(cursor, column, v => v),
            (true, var t) when t == typeof(ReadOnlyMemory<char>) => Read<VBuffer<ReadOnlyMemory<char>>>(cursor, column, v => v.DenseValues().Select(s => s.ToString()).ToArray()),
            (true, var t) when t == typeof(float) => Read<VBuffer<float>>(cursor, column, v => v.DenseValues().ToArray()),
            (true, var t) when t == typeof(uint) => Read<VBuffer<uint>>(cursor, column, v => v.DenseValues().ToArray()),
            _ => throw new NotSupportedException($"Column '{column.Name}' is {column.Type}."),
        };
    }

    private static Func<object> Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, object> convert)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return convert(value);
        };
    }
}
