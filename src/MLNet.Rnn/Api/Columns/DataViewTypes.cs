using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>Facts about a column's type from ML.NET's public API (its own helpers for these are internal).</summary>
internal static class DataViewTypes
{
    /// <summary>The type of one item: the vector's item type, or the type itself.</summary>
    public static DataViewType ItemOf(DataViewType type) => type is VectorDataViewType vector ? vector.ItemType : type;

    /// <summary>Values per row: a vector's size (0 when it varies), or 1.</summary>
    public static int SizeOf(DataViewType type) => type is VectorDataViewType vector ? vector.Size : 1;

    /// <summary>How many values a key (or a vector of keys) can take; 0 for other types.</summary>
    public static ulong KeyCountOf(DataViewType type) => ItemOf(type) is KeyDataViewType key ? key.Count : 0;
}
