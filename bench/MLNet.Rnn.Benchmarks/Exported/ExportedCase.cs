using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Benchmarks.Exported;

/// <summary>
/// A throughput case as an ML.NET user's model: the case's architecture trained for one epoch through the ML.NET API
/// (the weights do not change the time), so that <c>mlContext.Model.ConvertToOnnx</c> exports it as it exports theirs.
/// Token ids become the words <c>t0, t1, ...</c>, each of which the training rows hold, so the vocabulary has the
/// case's size plus padding and unknown.
/// </summary>
/// <remarks>
/// The tasks as the cases' heads are: sentiment a two-class classifier over tokens, the character models language
/// models over tokens (whose export scores each row's perplexity from its per-step logits), the tagger a tagger of
/// 17 tags, and the forecaster a regression over fixed windows of 8 features per step.
/// </remarks>
internal static class ExportedCase
{
    public const string InputColumn = "Input";

    private sealed class Tokens
    {
        public string[] Input { get; set; } = [];

        public string[] Tags { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private sealed class Window
    {
        public float[] Input { get; set; } = [];

        public float Label { get; set; }
    }

    /// <summary>The word standing for token id <paramref name="id"/>.</summary>
    public static string Word(int id) => "t" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The case's pipeline, trained on <paramref name="batches"/> (and on a row per max_len words of the vocabulary),
    /// and its RNN transformer.
    /// </summary>
    public static (ITransformer Pipeline, RnnTransformer Rnn) Train(MLContext ml, BenchCase c, IReadOnlyList<CaseData> batches)
    {
        var options = c.UserOptions() with { InputColumnName = InputColumn };
        if (c.Vocabulary is null)
        {
            var windows = ml.Data.LoadFromEnumerable(batches.SelectMany(b => b.Features!).Select((f, i) => new Window { Input = f, Label = i % 7 }), NumericSchema(c));
            return Alone(ml.Regression.Trainers.Rnn(options).Fit(windows));
        }
        var rows = ml.Data.LoadFromEnumerable(TokenRows(c, batches));
        if (c.PerStep && c.Outputs == c.Vocabulary)
            return Alone(ml.Transforms.Text.RnnLanguageModel(options).Fit(rows));
        if (c.PerStep)
            return Alone(ml.MulticlassClassification.Trainers.RnnTagger(options with { LabelColumnName = "Tags" }).Fit(rows));
        var classifier = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Rnn(options)).Fit(rows);
        return (classifier, classifier.LastTransformer);
    }

    private static (ITransformer, RnnTransformer) Alone(RnnTransformer rnn) => (rnn, rnn);

    /// <summary>One row of each sequence in <paramref name="data"/>, as the exported model's input and for ML.NET.</summary>
    public static IDataView Rows(MLContext ml, BenchCase c, CaseData data) => c.Vocabulary is null
        ? ml.Data.LoadFromEnumerable(data.Features!.Select(f => new Window { Input = f }), NumericSchema(c))
        : ml.Data.LoadFromEnumerable(data.Tokens!.Select(t => TokenRow(c, t)));

    private static IEnumerable<Tokens> TokenRows(BenchCase c, IReadOnlyList<CaseData> batches)
    {
        var vocabulary = Enumerable.Range(0, c.Vocabulary!.Value).Chunk(c.MaxLength);
        return batches.SelectMany(b => b.Tokens!).Concat(vocabulary).Select(t => TokenRow(c, t));
    }

    private static Tokens TokenRow(BenchCase c, int[] ids) => new()
    {
        Input = ids.Select(Word).ToArray(),
        Tags = ids.Select(id => "g" + (id % c.Outputs).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        Label = (ids[0] % c.Outputs).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Fixed windows of max_len steps (the numeric case's sequences all have that length).</summary>
    private static SchemaDefinition NumericSchema(BenchCase c)
    {
        var schema = SchemaDefinition.Create(typeof(Window));
        schema[nameof(Window.Input)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, c.MaxLength * c.Input);
        return schema;
    }
}
