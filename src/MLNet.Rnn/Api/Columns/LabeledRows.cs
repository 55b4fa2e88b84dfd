using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Text;
using MLNet.Rnn.Training;

namespace MLNet.Rnn;

/// <summary>
/// One pass over training (or validation) data: every row's input and label as read, before the vocabulary exists,
/// then turned into a <see cref="SequenceDataset"/> (or a token stream for language models) once the encoders do.
/// Rows whose label is missing (key 0, NaN) are skipped and counted, as ML.NET's trainers skip them.
/// </summary>
internal sealed class LabeledRows
{
    private readonly List<string[]> _tokens = [];
    private readonly List<EncodedInput> _encoded = [];
    private readonly List<int> _classes = [];
    private readonly List<float[]> _values = [];
    private readonly List<string[]> _tagTexts = [];
    private readonly List<int[]> _tagKeys = [];
    private readonly List<long> _positions = [];

    private LabeledRows(InputKind inputKind, LabelKind labelKind)
    {
        InputKind = inputKind;
        LabelKind = labelKind;
    }

    public InputKind InputKind { get; }

    public LabelKind LabelKind { get; }

    /// <summary>Rows kept.</summary>
    public int Count => _positions.Count;

    /// <summary>Rows skipped for a missing label.</summary>
    public int Skipped { get; private set; }

    /// <summary>Classification: how many different classes the rows kept hold.</summary>
    public int DistinctClasses => _classes.Distinct().Count();

    /// <summary>The tokens of text and token inputs, for learning the vocabulary.</summary>
    public IReadOnlyList<string[]> Tokens => _tokens;

    /// <summary>The distinct tags of a text tag column, in ordinal order.</summary>
    public IReadOnlyList<string> TagNames => LabelDictionary.Build(_tagTexts.SelectMany(t => t)).Names;

    /// <summary>
    /// Reads <paramref name="input"/> and <paramref name="label"/> (null for language models). Token inputs are read as
    /// tokens; key and numeric inputs are encoded at once by <paramref name="encoder"/>, which needs no data to exist.
    /// </summary>
    public static LabeledRows Read(IDataView data, DataViewSchema.Column input, DataViewSchema.Column? label, InputKind inputKind, LabelKind labelKind,
        TokenizerSpec? tokenizer, InputEncoder? encoder)
    {
        var rows = new LabeledRows(inputKind, labelKind);
        var columns = label is { } l ? new[] { input, l } : [input];
        using var cursor = data.GetRowCursor(columns);
        var readTokens = encoder is null ? InputEncoder.TokenReader(inputKind, tokenizer, cursor, input) : null;
        var readEncoded = encoder?.Reader(cursor, input);
        var readLabel = label is { } column ? rows.LabelReader(cursor, column) : () => true;
        while (cursor.MoveNext())
        {
            if (!readLabel())
            {
                rows.Skipped++;
                continue;
            }
            if (readTokens is not null)
                rows._tokens.Add(readTokens());
            else
                rows._encoded.Add(readEncoded!());
            rows._positions.Add(cursor.Position);
        }
        return rows;
    }

    /// <summary>The examples, encoded; tagging checks that every row has as many tags as tokens.</summary>
    /// <exception cref="ArgumentException">No rows, or a tagging row whose tags and tokens do not line up (named).</exception>
    public SequenceDataset ToDataset(InputEncoder encoder, LabelEncoder labels, string inputName, string labelName)
    {
        if (Count == 0)
            throw new ArgumentException($"No rows to learn from{(Skipped > 0 ? $": all {Skipped} have a missing label in '{labelName}'" : "")}.", "data");
        var inputs = Inputs(encoder);
        var dataset = Examples(inputs, encoder, labels, inputName, labelName);
        return encoder.Characters is null ? dataset : dataset.WithCharacters(inputs.Select(i => i.Characters!).ToArray());
    }

    private SequenceDataset Examples(EncodedInput[] inputs, InputEncoder encoder, LabelEncoder labels, string inputName, string labelName)
    {
        var features = encoder.UsesTokens ? null : inputs.Select(i => i.Features!).ToArray();
        var ids = encoder.UsesTokens ? inputs.Select(i => i.Ids!).ToArray() : null;
        switch (labels.Kind)
        {
            case LabelKind.ClassKey or LabelKind.Boolean:
                return ids is not null ? SequenceDataset.TokensWithClass(ids, _classes) : SequenceDataset.FeaturesWithClass(features!, encoder.FeaturesPerStep, _classes);
            case LabelKind.Value or LabelKind.Values:
                return ids is not null
                    ? SequenceDataset.TokensWithValues(ids, _values, labels.ValueCount)
                    : SequenceDataset.FeaturesWithValues(features!, encoder.FeaturesPerStep, _values, labels.ValueCount);
            default:
                var tags = labels.Kind == LabelKind.TagKeys ? _tagKeys : TagIds(labels);
                for (int r = 0; r < Count; r++)
                {
                    if (inputs[r].TokenCount == 0 || tags[r].Length != inputs[r].TokenCount)
                        throw new ArgumentException($"Row {_positions[r]}: {tags[r].Length} tags in '{labelName}' for {inputs[r].TokenCount} tokens in '{inputName}'; tagging needs one tag per token and at least one token.", "data");
                }
                return SequenceDataset.TokensWithStepClasses(ids!, tags);
        }
    }

    /// <summary>Language models: every row's tokens end to end, one stream (rows without tokens add nothing).</summary>
    public int[] ToStream(InputEncoder encoder) =>
        Inputs(encoder).Where(i => i.TokenCount > 0).SelectMany(i => i.Ids!).ToArray();

    private EncodedInput[] Inputs(InputEncoder encoder) =>
        InputKind is InputKind.Text or InputKind.Tokens ? _tokens.Select(encoder.Encode).ToArray() : _encoded.ToArray();

    private List<int[]> TagIds(LabelEncoder labels)
    {
        var ids = labels.KeyValues!.Texts.Select((name, id) => (name, id)).ToDictionary(p => p.name, p => p.id, StringComparer.Ordinal);
        return _tagTexts.Select((row, r) => row.Select(tag => ids.TryGetValue(tag, out int id)
            ? id
            : throw new ArgumentException($"Row {_positions[r]}: tag '{tag}' was not seen in training.", "data")).ToArray()).ToList();
    }

    /// <summary>Reads the current row's label into the lists; false when it is missing.</summary>
    private Func<bool> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (LabelKind)
        {
            case LabelKind.ClassKey:
                var getKey = cursor.GetGetter<uint>(column);
                uint key = 0;
                return () =>
                {
                    getKey(ref key);
                    if (key == 0)
                        return false;
                    _classes.Add((int)key - 1);
                    return true;
                };
            case LabelKind.Boolean:
                var getFlag = cursor.GetGetter<bool>(column);
                bool flag = false;
                return () =>
                {
                    getFlag(ref flag);
                    _classes.Add(flag ? 1 : 0);
                    return true;
                };
            case LabelKind.Value:
                var getValue = cursor.GetGetter<float>(column);
                float value = 0;
                return () =>
                {
                    getValue(ref value);
                    if (float.IsNaN(value))
                        return false;
                    return Finite([value], column.Name, cursor.Position);
                };
            case LabelKind.Values:
                var getValues = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> values = default;
                return () =>
                {
                    getValues(ref values);
                    var row = values.DenseValues().ToArray();
                    return !row.Any(float.IsNaN) && Finite(row, column.Name, cursor.Position);
                };
            case LabelKind.TagKeys:
                var getTagKeys = cursor.GetGetter<VBuffer<uint>>(column);
                VBuffer<uint> tagKeys = default;
                return () =>
                {
                    getTagKeys(ref tagKeys);
                    var row = tagKeys.DenseValues().ToArray();
                    int missing = Array.IndexOf(row, 0u);
                    if (missing >= 0)
                        throw new ArgumentException($"Column '{column.Name}', row {cursor.Position}: token {missing} has no tag (key 0); every token needs one.", "data");
                    _tagKeys.Add(row.Select(k => (int)k - 1).ToArray());
                    return true;
                };
            default:
                var getTags = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
                VBuffer<ReadOnlyMemory<char>> tags = default;
                return () =>
                {
                    getTags(ref tags);
                    // Tags become names the model keeps: normalised as every such string is (TextRepair).
                    var row = tags.DenseValues().Select(t => Text.TextRepair.Repair(t.ToString())).ToArray();
                    int missing = Array.IndexOf(row, "");
                    if (missing >= 0)
                        throw new ArgumentException($"Column '{column.Name}', row {cursor.Position}: token {missing} has an empty tag; every token needs one.", "data");
                    _tagTexts.Add(row);
                    return true;
                };
        }
    }

    private bool Finite(float[] values, string columnName, long position)
    {
        if (values.Any(v => !float.IsFinite(v)))
            throw new ArgumentException($"Column '{columnName}', row {position}: target values must be finite numbers (NaN marks a missing label and skips the row; infinities are errors).", "data");
        _values.Add(values);
        return true;
    }
}
