using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// What the label column taught the model: classes (a key's classes, <c>false</c>/<c>true</c>, or tags) with the
/// values they stand for, or how many numbers each row predicts. The model's outputs follow from it.
/// </summary>
internal sealed class LabelEncoder
{
    private LabelEncoder(LabelKind kind, int classCount, KeyValues? keyValues, int valueCount)
    {
        Kind = kind;
        ClassCount = classCount;
        KeyValues = keyValues;
        ValueCount = valueCount;
    }

    public LabelKind Kind { get; }

    /// <summary>Classes or tags: the model's outputs for classification and tagging.</summary>
    public int ClassCount { get; }

    /// <summary>What each class stands for (key k is class k - 1), when the label column says; the predicted label carries them.</summary>
    public KeyValues? KeyValues { get; }

    /// <summary>Numbers per row for regression and forecasting.</summary>
    public int ValueCount { get; }

    /// <summary>The head's outputs.</summary>
    public int Outputs => Kind is LabelKind.Value or LabelKind.Values ? ValueCount : ClassCount;

    public bool IsTagging => Kind is LabelKind.TagKeys or LabelKind.TagText;

    /// <summary>Language models predict their own next token and have no label.</summary>
    public static LabelEncoder None { get; } = new(LabelKind.None, 0, null, 0);

    /// <summary>
    /// What a label column of <paramref name="kind"/> says by its type alone; tags read as text are named by
    /// <see cref="ForTagNames"/> once the data is read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A key label with fewer than two classes.</exception>
    public static LabelEncoder ForColumn(LabelKind kind, DataViewSchema.Column column)
    {
        switch (kind)
        {
            case LabelKind.ClassKey or LabelKind.TagKeys:
                ulong count = DataViewTypes.KeyCountOf(column.Type);
                if (count < (kind == LabelKind.ClassKey ? 2UL : 1UL) || count > int.MaxValue)
                    throw new ArgumentOutOfRangeException("inputSchema", $"Label column '{column.Name}' is a key of {count} values; {(kind == LabelKind.ClassKey ? "classification needs at least two classes" : "tagging needs at least one tag")}.");
                return new LabelEncoder(kind, (int)count, KeyValues.Of(column), 0);
            case LabelKind.Boolean:
                return new LabelEncoder(kind, 2, null, 0);
            case LabelKind.Value:
                return new LabelEncoder(kind, 0, null, 1);
            case LabelKind.Values:
                return new LabelEncoder(kind, 0, null, DataViewTypes.SizeOf(column.Type));
            default:
                throw new InvalidOperationException($"Labels of kind {kind} are learned from the data.");
        }
    }

    /// <summary>Tags read as text: the distinct tags in ordinal order are the classes.</summary>
    public static LabelEncoder ForTagNames(IReadOnlyList<string> names) => new(LabelKind.TagText, names.Count, KeyValues.FromText(names), 0);

    /// <summary>Rebuilds a saved encoder; the manifest checks it against the model.</summary>
    public static LabelEncoder Restore(LabelKind kind, int classCount, KeyValues? keyValues, int valueCount) => new(kind, classCount, keyValues, valueCount);
}
