namespace MLNet.Rnn.Data;

/// <summary>
/// Builds <see cref="Table"/>s from typed rows and from files (delimited text, CoNLL-U and CoNLL tagging files,
/// plain text, time series), and reads typed rows back.
/// </summary>
/// <remarks>
/// File errors are <see cref="InvalidDataException"/>s that name the file, the line and the column, so bad data says
/// where to look; argument errors are <see cref="ArgumentException"/>s.
/// </remarks>
public static partial class TableLoader
{
}
