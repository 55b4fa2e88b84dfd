using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// The columns a transformer adds, named, typed and annotated as ML.NET's scorers do, so its evaluators and
/// <c>MapKeyToValue</c> work on them unchanged:
/// multiclass <c>PredictedLabel</c> (a key carrying the label's values) and <c>Score</c> (probabilities, slot names =
/// classes); binary <c>PredictedLabel</c> (<c>bool</c>), <c>Score</c> (the margin) and <c>Probability</c>, in the order
/// ML.NET's own trainers add them; regression
/// and forecasting <c>Score</c> (a number, or a vector for several values); tagging <c>PredictedLabel</c> (a vector of
/// keys, one per token); language models <c>Score</c> (the row's perplexity) and <c>TokenCount</c> (next-token
/// predictions behind it).
/// </summary>
internal static class OutputColumns
{
    /// <summary>The binary classifier's probability column, named as ML.NET's binary trainers name it.</summary>
    public const string ProbabilityColumnName = "Probability";

    /// <summary>The language model's count of scored tokens per row, which weights its perplexity in an evaluation.</summary>
    public const string TokenCountColumnName = "TokenCount";

    private static readonly KeyDataViewType ScoreColumnSetIdType = new(typeof(uint), int.MaxValue);

    /// <summary>The columns added for a model with these labels; <paramref name="setId"/> groups them as one scorer's output.</summary>
    public static IReadOnlyList<OutputColumn> For(RnnOptions options, LabelEncoder labels, uint setId)
    {
        string score = options.ScoreColumnName, predicted = options.PredictedLabelColumnName;
        var keyValues = labels.KeyValues;
        switch (labels.Kind)
        {
            case LabelKind.ClassKey:
                int classes = labels.ClassCount;
                return
                [
                    new(predicted, new KeyDataViewType(typeof(uint), classes), b =>
                    {
                        keyValues?.AddTo(b, AnnotationKinds.KeyValues);
                        Scorer(b, AnnotationKinds.MulticlassClassification, AnnotationKinds.PredictedLabel, setId);
                    }, row => (ValueGetter<uint>)((ref uint v) => v = (uint)row().Classes.Span[0] + 1)),
                    new(score, new VectorDataViewType(NumberDataViewType.Single, classes), b =>
                    {
                        if (keyValues is { IsText: true })
                            keyValues.AddTo(b, AnnotationKinds.SlotNames);
                        keyValues?.AddTo(b, AnnotationKinds.TrainingLabelValues);
                        Scorer(b, AnnotationKinds.MulticlassClassification, AnnotationKinds.Score, setId);
                    }, row => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Copy(row().Scores.Span, ref v))),
                ];
            case LabelKind.Boolean:
                return
                [
                    new(predicted, BooleanDataViewType.Instance, b => Scorer(b, AnnotationKinds.BinaryClassification, AnnotationKinds.PredictedLabel, setId),
                        row => (ValueGetter<bool>)((ref bool v) => v = row().Classes.Span[0] == 1)),
                    new(score, NumberDataViewType.Single, b => Scorer(b, AnnotationKinds.BinaryClassification, AnnotationKinds.Score, setId),
                        row => (ValueGetter<float>)((ref float v) => v = row().Scores.Span[0])),
                    new(ProbabilityColumnName, NumberDataViewType.Single, b =>
                    {
                        b.Add(AnnotationKinds.IsNormalized, BooleanDataViewType.Instance, (ref bool v) => v = true);
                        Scorer(b, AnnotationKinds.BinaryClassification, AnnotationKinds.Probability, setId);
                    }, row => (ValueGetter<float>)((ref float v) => v = row().Scores.Span[1])),
                ];
            case LabelKind.Value:
                return [new(score, NumberDataViewType.Single, b => Scorer(b, AnnotationKinds.Regression, AnnotationKinds.Score, setId),
                    row => (ValueGetter<float>)((ref float v) => v = row().Scores.Span[0]))];
            case LabelKind.Values:
                return [new(score, new VectorDataViewType(NumberDataViewType.Single, labels.ValueCount), b => Scorer(b, AnnotationKinds.MultiOutputRegression, AnnotationKinds.Score, setId),
                    row => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Copy(row().Scores.Span, ref v)))];
            case LabelKind.TagKeys or LabelKind.TagText:
                return [new(predicted, new VectorDataViewType(new KeyDataViewType(typeof(uint), labels.ClassCount)), b =>
                {
                    keyValues?.AddTo(b, AnnotationKinds.KeyValues);
                    Scorer(b, AnnotationKinds.SequenceClassification, AnnotationKinds.PredictedLabel, setId);
                }, row => (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> v) => Keys(row().Classes.Span, ref v)))];
            default:
                return
                [
                    new(score, NumberDataViewType.Single, _ => { }, row => (ValueGetter<float>)((ref float v) => v = row().Scores.Span[0])),
                    new(TokenCountColumnName, NumberDataViewType.Single, _ => { }, row => (ValueGetter<float>)((ref float v) => v = row().Scores.Span[1])),
                ];
        }
    }

    /// <summary>
    /// The same columns as an estimator sees them before any data: kinds and item types, with the annotations a
    /// downstream estimator looks for (the key values <c>MapKeyToValue</c> needs, in the label's item type).
    /// </summary>
    public static IEnumerable<SchemaShape.Column> Shape(RnnOptions options, LabelKind kind, SchemaShape.Column? label)
    {
        const SchemaShape.Column.VectorKind scalar = SchemaShape.Column.VectorKind.Scalar, vector = SchemaShape.Column.VectorKind.Vector;
        var keyValues = label?.Annotations.FirstOrDefault(a => a.Name == AnnotationKinds.KeyValues);
        // Tags read as text become keys whose values are that text.
        var keyValuesShape = kind == LabelKind.TagText
            ? SchemaShapes.Column(AnnotationKinds.KeyValues, vector, TextDataViewType.Instance, false)
            : keyValues is { } k ? SchemaShapes.Column(AnnotationKinds.KeyValues, vector, k.ItemType, k.IsKey) : (SchemaShape.Column?)null;
        string score = options.ScoreColumnName, predicted = options.PredictedLabelColumnName;
        switch (kind)
        {
            case LabelKind.ClassKey:
                var slotNames = keyValues is { ItemType: TextDataViewType }
                    ? SchemaShapes.Column(AnnotationKinds.SlotNames, vector, TextDataViewType.Instance, false)
                    : (SchemaShape.Column?)null;
                var trainingLabels = keyValues is { } values ? SchemaShapes.Column(AnnotationKinds.TrainingLabelValues, vector, values.ItemType, values.IsKey) : (SchemaShape.Column?)null;
                yield return SchemaShapes.Column(score, vector, NumberDataViewType.Single, false, ScorerShape(slotNames, trainingLabels));
                yield return SchemaShapes.Column(predicted, scalar, NumberDataViewType.UInt32, true, ScorerShape(keyValuesShape));
                break;
            case LabelKind.Boolean:
                yield return SchemaShapes.Column(score, scalar, NumberDataViewType.Single, false, ScorerShape());
                yield return SchemaShapes.Column(ProbabilityColumnName, scalar, NumberDataViewType.Single, false,
                    ScorerShape(SchemaShapes.Column(AnnotationKinds.IsNormalized, scalar, BooleanDataViewType.Instance, false)));
                yield return SchemaShapes.Column(predicted, scalar, BooleanDataViewType.Instance, false, ScorerShape());
                break;
            case LabelKind.Value or LabelKind.Values:
                yield return SchemaShapes.Column(score, kind == LabelKind.Value ? scalar : vector, NumberDataViewType.Single, false, ScorerShape());
                break;
            case LabelKind.TagKeys or LabelKind.TagText:
                yield return SchemaShapes.Column(predicted, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.UInt32, true, ScorerShape(keyValuesShape));
                break;
            default:
                yield return SchemaShapes.Column(score, scalar, NumberDataViewType.Single, false, []);
                yield return SchemaShapes.Column(TokenCountColumnName, scalar, NumberDataViewType.Single, false, []);
                break;
        }
    }

    /// <summary>The next free score-column set id after those already in <paramref name="input"/>, as ML.NET's scorers number them.</summary>
    public static uint NextSetId(DataViewSchema input)
    {
        uint max = 0;
        foreach (var column in input)
        {
            var annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationKinds.ScoreColumnSetId);
            if (annotation?.Type is not KeyDataViewType { RawType: var raw } || raw != typeof(uint))
                continue;
            uint id = 0;
            column.Annotations.GetValue(AnnotationKinds.ScoreColumnSetId, ref id);
            max = Math.Max(max, id);
        }
        return max + 1;
    }

    private static void Scorer(DataViewSchema.Annotations.Builder builder, string columnKind, string valueKind, uint setId)
    {
        builder.Add(AnnotationKinds.ScoreColumnSetId, ScoreColumnSetIdType, (ref uint v) => v = setId);
        builder.Add(AnnotationKinds.ScoreColumnKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = columnKind.AsMemory());
        builder.Add(AnnotationKinds.ScoreValueKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = valueKind.AsMemory());
    }

    private static SchemaShape.Column[] ScorerShape(params SchemaShape.Column?[] extra) =>
    [
        .. extra.OfType<SchemaShape.Column>(),
        SchemaShapes.Column(AnnotationKinds.ScoreColumnSetId, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true),
        SchemaShapes.Column(AnnotationKinds.ScoreColumnKind, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, false),
        SchemaShapes.Column(AnnotationKinds.ScoreValueKind, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, false),
    ];

    private static void Copy(ReadOnlySpan<float> values, ref VBuffer<float> destination)
    {
        var editor = VBufferEditor.Create(ref destination, values.Length);
        values.CopyTo(editor.Values);
        destination = editor.Commit();
    }

    private static void Keys(ReadOnlySpan<int> classes, ref VBuffer<uint> destination)
    {
        var editor = VBufferEditor.Create(ref destination, classes.Length);
        for (int i = 0; i < classes.Length; i++)
            editor.Values[i] = (uint)classes[i] + 1;
        destination = editor.Commit();
    }
}

/// <summary>An added column: its name and type, how it is annotated, and a getter over the current row's prediction.</summary>
internal sealed record OutputColumn(string Name, DataViewType Type, Action<DataViewSchema.Annotations.Builder> Annotate, Func<Func<RowOutput>, Delegate> Getter)
{
    public DataViewSchema.Annotations Annotations()
    {
        var builder = new DataViewSchema.Annotations.Builder();
        Annotate(builder);
        return builder.ToAnnotations();
    }
}
