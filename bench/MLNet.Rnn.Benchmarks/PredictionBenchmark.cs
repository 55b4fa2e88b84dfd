using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// One row through ML.NET's prediction engine (<c>Predict(input, ref output)</c>) for each throughput case, as an app
/// serves it: the median latency beside the managed engine's own on the same sequence, and the bytes allocated per
/// call in steady state (<c>GC.GetAllocatedBytesForCurrentThread</c>). The models have the cases' architectures
/// (token keys for the vocabulary) and are trained for one epoch: the weights do not change the time.
/// </summary>
internal static class PredictionBenchmark
{
    private const int LatencyRepeats = 200, AllocationCalls = 1000;

    public static IEnumerable<string> Run(IReadOnlyList<BenchCase> cases)
    {
        foreach (var c in cases)
        {
            var ml = new MLContext(seed: 1);
            var random = new Random(1);
            var one = CaseData.One(c, random);
            yield return c.Name switch
            {
                _ when c.Vocabulary is null => Measure<Window, ValueOutput>(ml, c, one, Window.Rows(c, random), new Window { History = one.Features![0] }, RnnTask.Forecasting, "History", "Target"),
                _ when !c.PerStep => Measure<Review, BinaryOutput>(ml, c, one, Review.Rows(c, random), new Review { Tokens = Keys(one.Tokens![0]) }, RnnTask.Classification, "Tokens", "Label"),
                _ when c.Outputs == c.Vocabulary => Measure<Text, ValueOutput>(ml, c, one, Text.Rows(c, random), new Text { Tokens = Keys(one.Tokens![0]) }, RnnTask.LanguageModel, "Tokens", "Label"),
                _ => Measure<Sentence, TagOutput>(ml, c, one, Sentence.Rows(c, random), new Sentence { Tokens = Keys(one.Tokens![0]), Tags = new uint[one.Tokens[0].Length] }, RnnTask.Tagging, "Tokens", "Tags"),
            };
        }
    }

    private static string Measure<TInput, TOutput>(MLContext ml, BenchCase c, CaseData one, IEnumerable<TInput> rows, TInput input, RnnTask task, string inputColumn, string labelColumn)
        where TInput : class
        where TOutput : class, new()
    {
        var schema = SchemaDefinition.Create(typeof(TInput)).WithKeyCounts(c);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var model = ml.Transforms.Rnn(c.UserOptions() with { Task = task, InputColumnName = inputColumn, LabelColumnName = labelColumn }).Fit(data);
        var engine = ml.Model.CreatePredictionEngine<TInput, TOutput>(model, inputSchemaDefinition: schema);
        var output = new TOutput();

        var scorer = new ModelReplicas(model.Model);
        var batch = one.ToBatch();
        double own = Timing.MedianMilliseconds(() => scorer.Logits(batch), LatencyRepeats);
        double predict = Timing.MedianMilliseconds(() => engine.Predict(input, ref output), LatencyRepeats);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < AllocationCalls; i++)
            engine.Predict(input, ref output);
        double allocated = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / AllocationCalls;
        return string.Format(CultureInfo.InvariantCulture,
            "{{\"case\":\"{0}\",\"impl\":\"mlnet-rnn-prediction-engine\",\"engine_latency_ms_p50\":{1:F3},\"predict_latency_ms_p50\":{2:F3},\"predict_over_engine\":{3:F3},\"allocated_bytes_per_predict\":{4:F0}}}",
            c.Name, own, predict, predict / own, allocated);
    }

    private static uint[] Keys(int[] ids) => ids.Select(id => (uint)id + 1).ToArray();

    private static SchemaDefinition WithKeyCounts(this SchemaDefinition schema, BenchCase c)
    {
        foreach (var column in schema)
        {
            if (column.ColumnName == "Tokens")
                column.ColumnType = new VectorDataViewType(new KeyDataViewType(typeof(uint), c.Vocabulary!.Value));
            else if (column.ColumnName == "Tags")
                column.ColumnType = new VectorDataViewType(new KeyDataViewType(typeof(uint), c.Outputs));
            else if (column.ColumnName == "History")
                column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, c.MaxLength * c.Input);
        }
        return schema;
    }

    private static uint[] RandomKeys(BenchCase c, Random random, int count) => Enumerable.Range(0, count).Select(_ => (uint)random.Next(c.Vocabulary!.Value) + 1).ToArray();

    private static int Length(BenchCase c, Random random) => random.Next(c.MinLength, c.MaxLength + 1);

    private sealed class Review
    {
        public uint[] Tokens { get; set; } = [];

        public bool Label { get; set; }

        public static IEnumerable<Review> Rows(BenchCase c, Random random) =>
            Enumerable.Range(0, c.Batch).Select(_ => new Review { Tokens = RandomKeys(c, random, Length(c, random)), Label = random.Next(2) == 1 }).ToList();
    }

    private sealed class Text
    {
        public uint[] Tokens { get; set; } = [];

        // A language model trains on streams of BpttLength (35) tokens each: give it enough text for one batch.
        public static IEnumerable<Text> Rows(BenchCase c, Random random) =>
            Enumerable.Range(0, 4 * c.Batch).Select(_ => new Text { Tokens = RandomKeys(c, random, Length(c, random)) }).ToList();
    }

    private sealed class Sentence
    {
        public uint[] Tokens { get; set; } = [];

        public uint[] Tags { get; set; } = [];

        public static IEnumerable<Sentence> Rows(BenchCase c, Random random) => Enumerable.Range(0, c.Batch).Select(_ =>
        {
            var tokens = RandomKeys(c, random, Length(c, random));
            return new Sentence { Tokens = tokens, Tags = tokens.Select(_ => (uint)random.Next(c.Outputs) + 1).ToArray() };
        }).ToList();
    }

    private sealed class Window
    {
        public float[] History { get; set; } = [];

        public float Target { get; set; }

        public static IEnumerable<Window> Rows(BenchCase c, Random random) => Enumerable.Range(0, c.Batch).Select(_ => new Window
        {
            History = Enumerable.Range(0, c.MaxLength * c.Input).Select(_ => (float)random.NextDouble()).ToArray(),
            Target = (float)random.NextDouble(),
        }).ToList();
    }

    private sealed class BinaryOutput
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }

    private sealed class ValueOutput
    {
        public float Score { get; set; }
    }

    private sealed class TagOutput
    {
        public uint[] PredictedLabel { get; set; } = [];
    }
}
