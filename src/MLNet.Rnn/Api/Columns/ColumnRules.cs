using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// Which column types each task takes, in one place for the estimator's and the transformer's schema checks, with
/// errors in ML.NET's own words: the column's role and name, what was expected and what it is.
/// </summary>
internal static class ColumnRules
{
    private const string TokenInputs = "String (text), a vector of String (tokens) or a vector of Key<UInt32> (token keys)";

    /// <summary>The input's kind, or an <see cref="ArgumentOutOfRangeException"/> saying what the task takes.</summary>
    public static InputKind InputKindOf(ColumnShape column, RnnTask task)
    {
        InputKind? kind = column switch
        {
            { IsScalar: true } when column.HasItems(TextDataViewType.Instance) => InputKind.Text,
            { IsVector: true } when column.HasItems(TextDataViewType.Instance) => InputKind.Tokens,
            { IsVector: true, IsUInt32Key: true } => InputKind.TokenKeys,
            { Kind: Microsoft.ML.SchemaShape.Column.VectorKind.VariableVector } when column.HasItems(NumberDataViewType.Single) => InputKind.Sequence,
            { Kind: Microsoft.ML.SchemaShape.Column.VectorKind.Vector } when column.HasItems(NumberDataViewType.Single) => InputKind.Window,
            _ => null,
        };
        bool tokens = kind is InputKind.Text or InputKind.Tokens or InputKind.TokenKeys;
        string? expected = task switch
        {
            RnnTask.LanguageModel or RnnTask.Tagging when !tokens => TokenInputs,
            RnnTask.Forecasting when kind is not (InputKind.Sequence or InputKind.Window) => "a vector of Single (a window of the series: steps x FeaturesPerStep)",
            _ when kind is null => $"{TokenInputs}, or a vector of Single (numeric steps x FeaturesPerStep)",
            _ => null,
        };
        return expected is null ? kind!.Value : throw Mismatch("input", column, expected);
    }

    /// <summary>The label's kind, or an <see cref="ArgumentOutOfRangeException"/> saying what the task takes.</summary>
    public static LabelKind LabelKindOf(ColumnShape column, RnnTask task)
    {
        LabelKind? kind = task switch
        {
            RnnTask.Classification when column.IsScalar && column.IsUInt32Key => LabelKind.ClassKey,
            RnnTask.Classification when column.IsScalar && column.HasItems(BooleanDataViewType.Instance) => LabelKind.Boolean,
            RnnTask.Regression or RnnTask.Forecasting when column.HasItems(NumberDataViewType.Single) => column.Kind switch
            {
                Microsoft.ML.SchemaShape.Column.VectorKind.Scalar => LabelKind.Value,
                Microsoft.ML.SchemaShape.Column.VectorKind.Vector => LabelKind.Values,
                _ => null,
            },
            RnnTask.Tagging when column.IsVector && column.IsUInt32Key => LabelKind.TagKeys,
            RnnTask.Tagging when column.IsVector && column.HasItems(TextDataViewType.Instance) => LabelKind.TagText,
            _ => null,
        };
        string expected = task switch
        {
            RnnTask.Classification => "Key<UInt32> (multiclass: map the label with MapValueToKey) or Boolean (binary)",
            RnnTask.Tagging => "a vector of Key<UInt32> or of String, one tag per input token",
            _ => "Single, or a fixed-size vector of Single for several values",
        };
        return kind ?? throw Mismatch("label", column, expected);
    }

    public static ArgumentOutOfRangeException Mismatch(string role, ColumnShape column, string expected) =>
        new("inputSchema", $"Schema mismatch for {role} column '{column.Name}': expected {expected}, got {column}.");

    public static ArgumentOutOfRangeException Missing(string role, string name) =>
        new("inputSchema", $"Could not find {role} column '{name}'.");
}
