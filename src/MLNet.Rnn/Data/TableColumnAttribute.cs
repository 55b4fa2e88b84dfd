namespace MLNet.Rnn.Data;

/// <summary>
/// Says how a public property or field of a row class maps to a <see cref="Table"/> column: its column name, its
/// field position in a delimited file, or that it is not a column at all.
/// </summary>
/// <remarks>Members without the attribute are still columns, named after the member.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class TableColumnAttribute : Attribute
{
    /// <summary>Maps the member to a column named after the member.</summary>
    public TableColumnAttribute()
    {
    }

    /// <summary>Maps the member to the column <paramref name="name"/>.</summary>
    public TableColumnAttribute(string name) => Name = name;

    /// <summary>The column name; <see langword="null"/> uses the member name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The zero-based field position in a delimited file; -1 (the default) reads the field whose header equals
    /// the column name.
    /// </summary>
    public int Position { get; set; } = -1;

    /// <summary>Leaves the member out: it is neither written to nor read from a table.</summary>
    public bool Ignore { get; set; }
}
