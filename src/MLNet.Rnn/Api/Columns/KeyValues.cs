using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// The values a key column's keys stand for (its <c>KeyValues</c> annotation, key k is value k - 1), kept with the
/// model so that the predicted-label column carries them when the label column is absent at prediction time, and
/// <c>MapKeyToValue</c> turns predictions back into labels of the original type.
/// </summary>
/// <remarks>Values are stored as invariant text (floating point round-trip), so they come back bit for bit.</remarks>
internal sealed class KeyValues
{
    private static readonly Codec[] Codecs =
    [
        // Text values as the model keeps every string (TextRepair), so that they survive saving.
        new Codec<ReadOnlyMemory<char>>(TextDataViewType.Instance, v => Text.TextRepair.Repair(v.ToString()), s => s.AsMemory()),
        new Codec<bool>(BooleanDataViewType.Instance, v => v ? "True" : "False", bool.Parse),
        new Codec<float>(NumberDataViewType.Single, v => v.ToString("R", CultureInfo.InvariantCulture), s => float.Parse(s, CultureInfo.InvariantCulture)),
        new Codec<double>(NumberDataViewType.Double, v => v.ToString("R", CultureInfo.InvariantCulture), s => double.Parse(s, CultureInfo.InvariantCulture)),
        new Codec<int>(NumberDataViewType.Int32, v => v.ToString(CultureInfo.InvariantCulture), s => int.Parse(s, CultureInfo.InvariantCulture)),
        new Codec<long>(NumberDataViewType.Int64, v => v.ToString(CultureInfo.InvariantCulture), s => long.Parse(s, CultureInfo.InvariantCulture)),
        new Codec<uint>(NumberDataViewType.UInt32, v => v.ToString(CultureInfo.InvariantCulture), s => uint.Parse(s, CultureInfo.InvariantCulture)),
        new Codec<ulong>(NumberDataViewType.UInt64, v => v.ToString(CultureInfo.InvariantCulture), s => ulong.Parse(s, CultureInfo.InvariantCulture)),
    ];

    private readonly Codec _codec;

    private KeyValues(Codec codec, string[] texts)
    {
        _codec = codec;
        Texts = texts;
    }

    /// <summary>The values as invariant text, key 1 first.</summary>
    public IReadOnlyList<string> Texts { get; }

    public int Count => Texts.Count;

    /// <summary>The type of one value, as in the annotation: <c>Text</c>, <c>Single</c>, ...</summary>
    public string ItemTypeName => _codec.Name;

    /// <summary>Text values (tags read from a text column, say).</summary>
    public static KeyValues FromText(IReadOnlyList<string> values) => new(Codecs[0], [.. values]);

    /// <summary>A key column's values, or null when it has none or they are of a type a model cannot keep.</summary>
    public static KeyValues? Of(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationKinds.KeyValues);
        if (annotation?.Type is not VectorDataViewType vector)
            return null;
        var codec = Codecs.FirstOrDefault(c => c.Type.Equals(vector.ItemType));
        return codec is null ? null : new KeyValues(codec, codec.Read(column.Annotations));
    }

    /// <summary>Rebuilds values saved as <see cref="ItemTypeName"/> and <see cref="Texts"/>.</summary>
    /// <exception cref="InvalidDataException">An unknown type, or a value that does not parse as it.</exception>
    public static KeyValues Restore(string itemTypeName, IReadOnlyList<string> texts)
    {
        var codec = Codecs.FirstOrDefault(c => c.Name == itemTypeName)
            ?? throw new InvalidDataException($"Key values of type '{itemTypeName}' are not supported; expected one of {string.Join(", ", Codecs.Select(c => c.Name))}.");
        try
        {
            codec.Check(texts);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"A key value is not a valid {itemTypeName}: {e.Message}", e);
        }
        return new KeyValues(codec, [.. texts]);
    }

    /// <summary>Adds the values as the annotation <paramref name="kind"/> (<c>KeyValues</c>, or <c>SlotNames</c> for text).</summary>
    public void AddTo(DataViewSchema.Annotations.Builder builder, string kind) => _codec.Add(builder, kind, Texts);

    /// <summary>Whether the values are text, which is what slot names must be.</summary>
    public bool IsText => _codec == Codecs[0];

    private abstract class Codec(PrimitiveDataViewType type)
    {
        public PrimitiveDataViewType Type { get; } = type;

        public string Name => Type.RawType == typeof(ReadOnlyMemory<char>) ? "Text" : Type.ToString()!;

        public abstract string[] Read(DataViewSchema.Annotations annotations);

        public abstract void Check(IReadOnlyList<string> texts);

        public abstract void Add(DataViewSchema.Annotations.Builder builder, string kind, IReadOnlyList<string> texts);
    }

    private sealed class Codec<T>(PrimitiveDataViewType type, Func<T, string> format, Func<string, T> parse) : Codec(type)
    {
        public override string[] Read(DataViewSchema.Annotations annotations)
        {
            VBuffer<T> values = default;
            annotations.GetValue(AnnotationKinds.KeyValues, ref values);
            return values.DenseValues().Select(format).ToArray();
        }

        public override void Check(IReadOnlyList<string> texts)
        {
            foreach (string text in texts)
                parse(text ?? throw new FormatException("A key value is null."));
        }

        public override void Add(DataViewSchema.Annotations.Builder builder, string kind, IReadOnlyList<string> texts)
        {
            var values = texts.Select(parse).ToArray();
            builder.Add(kind, new VectorDataViewType(Type, values.Length), (ref VBuffer<T> dst) => new VBuffer<T>(values.Length, values).CopyTo(ref dst));
        }
    }
}
