namespace MLNet.Rnn.Data;

/// <summary>What one value of a <see cref="Table"/> column is.</summary>
public enum ColumnKind
{
    /// <summary>A string (<see cref="string"/>): free text to tokenize, or a label name.</summary>
    Text,

    /// <summary>A list of tokens (<c>string[]</c>): pre-tokenized text, or one tag per token.</summary>
    Tokens,

    /// <summary>A number (<see cref="float"/>): a regression target or a numeric label.</summary>
    Number,

    /// <summary>A boolean (<see cref="bool"/>): a binary label.</summary>
    Boolean,

    /// <summary>A vector of numbers (<c>float[]</c>): several regression targets, or a univariate series.</summary>
    Vector,

    /// <summary>A sequence of numeric steps (<c>float[][]</c>, steps x features): multivariate time series.</summary>
    Sequence,
}

/// <summary>A column of a <see cref="Table"/>: its name, position and kind.</summary>
/// <param name="Name">The name, unique in the table (ordinal comparison).</param>
/// <param name="Index">The position in the schema.</param>
/// <param name="Kind">The kind of each value.</param>
public sealed record Column(string Name, int Index, ColumnKind Kind)
{
    /// <summary>For a Vector column whose positions mean something (class probabilities): the name of each position.</summary>
    public IReadOnlyList<string>? SlotNames { get; init; }

    /// <summary>The .NET type of one value of <paramref name="kind"/>.</summary>
    public static Type ClrType(ColumnKind kind) => kind switch
    {
        ColumnKind.Text => typeof(string),
        ColumnKind.Tokens => typeof(string[]),
        ColumnKind.Number => typeof(float),
        ColumnKind.Boolean => typeof(bool),
        ColumnKind.Vector => typeof(float[]),
        _ => typeof(float[][]),
    };
}
