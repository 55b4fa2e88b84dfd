using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// What the column rules look at, read alike from a <see cref="SchemaShape.Column"/> (an estimator's view, before
/// data) and a <see cref="DataViewSchema.Column"/> (a transformer's view): scalar or vector, the item type, and
/// whether items are keys (then <see cref="ItemType"/> is the key's raw number type, as in a schema shape), and a
/// fixed-size vector's <see cref="Size"/> where the view knows it (a schema shape does not: 0).
/// </summary>
internal readonly record struct ColumnShape(string Name, SchemaShape.Column.VectorKind Kind, DataViewType ItemType, bool IsKey, int Size = 0)
{
    public static ColumnShape Of(SchemaShape.Column column) => new(column.Name, column.Kind, column.ItemType, column.IsKey);

    public static ColumnShape Of(DataViewSchema.Column column)
    {
        var kind = column.Type switch
        {
            VectorDataViewType { IsKnownSize: true } => SchemaShape.Column.VectorKind.Vector,
            VectorDataViewType => SchemaShape.Column.VectorKind.VariableVector,
            _ => SchemaShape.Column.VectorKind.Scalar,
        };
        var item = DataViewTypes.ItemOf(column.Type);
        int size = column.Type is VectorDataViewType vector ? vector.Size : 0;
        if (item is not KeyDataViewType key)
            return new ColumnShape(column.Name, kind, item, IsKey: false, size);
        DataViewType raw = key.RawType == typeof(byte) ? NumberDataViewType.Byte
            : key.RawType == typeof(ushort) ? NumberDataViewType.UInt16
            : key.RawType == typeof(ulong) ? NumberDataViewType.UInt64
            : NumberDataViewType.UInt32;
        return new ColumnShape(column.Name, kind, raw, IsKey: true, size);
    }

    public bool IsScalar => Kind == SchemaShape.Column.VectorKind.Scalar;

    public bool IsVector => !IsScalar;

    /// <summary>A key of ML.NET's default raw type, <c>uint</c>, as <c>MapValueToKey</c> makes.</summary>
    public bool IsUInt32Key => IsKey && ItemType.RawType == typeof(uint);

    public bool HasItems(DataViewType itemType) => !IsKey && ItemType.Equals(itemType);

    /// <summary>The type as messages show it, in ML.NET's words: <c>String</c>, <c>Key&lt;UInt32&gt;</c>, <c>Vector&lt;Single, 6&gt;</c> (<c>Vector&lt;Single&gt;</c> when the size is not known), <c>VarVector&lt;String&gt;</c>.</summary>
    public override string ToString()
    {
        string item = IsKey ? $"Key<{ItemType.RawType.Name}>" : ItemType.RawType == typeof(ReadOnlyMemory<char>) ? "String" : ItemType.ToString()!;
        return Kind switch
        {
            SchemaShape.Column.VectorKind.Vector => Size > 0 ? $"Vector<{item}, {Size}>" : $"Vector<{item}>",
            SchemaShape.Column.VectorKind.VariableVector => $"VarVector<{item}>",
            _ => item,
        };
    }
}
