using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>
/// Checks that a model converted with ConvertToOnnx gives, in ONNX Runtime, what the model gives in ML.NET: every added
/// column of every row, floats within 1e-5 relative (and NaN where ours is NaN), keys, tags and labels exactly.
/// </summary>
internal static class OnnxAgreement
{
    public const double Tolerance = 1e-5;

    /// <summary>Scores <paramref name="rows"/> both ways and compares <paramref name="columns"/>; returns the rows compared.</summary>
    public static int Check(MLContext ml, ITransformer model, IDataView rows, params string[] columns)
    {
        using var onnx = new OnnxRun(ml, model, rows);
        var inputs = InputRows(rows);
        var scored = model.Transform(rows);
        var expected = columns.ToDictionary(c => c, c => ScoredValues.Of(scored, c));
        for (int r = 0; r < inputs.Count; r++)
        {
            var outputs = onnx.Run(inputs[r]);
            foreach (string column in columns)
                Compare(expected[column][r], outputs[column], $"row {r}, column '{column}'");
        }
        return inputs.Count;
    }

    private static void Compare(string expected, Array actual, string where)
    {
        switch (actual)
        {
            case float[] floats:
                var values = expected.Length == 0 ? [] : ScoredValues.Floats(expected);
                Assert.HasCount(values.Length, floats, where);
                for (int i = 0; i < values.Length; i++)
                {
                    if (float.IsNaN(values[i]))
                        Assert.IsTrue(float.IsNaN(floats[i]), $"{where}: NaN expected, ONNX Runtime gave {floats[i]}");
                    else
                        Bound.Near(floats[i], values[i], Tolerance * Math.Max(1, Math.Abs(values[i])), $"{where}, value {i}");
                }
                break;
            case uint[] keys:
                Assert.AreEqual(expected, string.Join(",", keys), where);
                break;
            case string[] texts:
                Assert.AreEqual(expected, string.Join("|", texts), where);
                break;
            case bool[] flags:
                Assert.AreEqual(expected, flags.Single().ToString(), where);
                break;
            default:
                Assert.Fail($"{where}: ONNX Runtime gave {actual.GetType().Name}");
                break;
        }
    }

    /// <summary>Each row's input columns as ONNX Runtime takes them: text, token arrays, keys, floats, booleans.</summary>
    public static List<Dictionary<string, object>> InputRows(IDataView data)
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
        bool isVector = column.Type is VectorDataViewType;
        return (isVector, item.RawType) switch
        {
            (false, var t) when t == typeof(ReadOnlyMemory<char>) => Scalar<ReadOnlyMemory<char>>(cursor, column, v => v.ToString()),
            (false, var t) when t == typeof(float) => Scalar<float>(cursor, column, v => v),
            (false, var t) when t == typeof(uint) => Scalar<uint>(cursor, column, v => v),
            (false, var t) when t == typeof(bool) => Scalar<bool>(cursor, column, v => v),
            (true, var t) when t == typeof(ReadOnlyMemory<char>) => Scalar<VBuffer<ReadOnlyMemory<char>>>(cursor, column, v => v.DenseValues().Select(s => s.ToString()).ToArray()),
            (true, var t) when t == typeof(float) => Scalar<VBuffer<float>>(cursor, column, v => v.DenseValues().ToArray()),
            (true, var t) when t == typeof(uint) => Scalar<VBuffer<uint>>(cursor, column, v => v.DenseValues().ToArray()),
            _ => throw new NotSupportedException($"Column '{column.Name}' is {column.Type}."),
        };
    }

    private static Func<object> Scalar<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, object> convert)
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
