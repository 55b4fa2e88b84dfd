using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Benchmarks.Exported;

/// <summary>
/// What serving our models through ONNX Runtime costs or gains (issue 17): each throughput case trained as an ML.NET
/// user's model, then its batched inference tokens/s and one-sequence latency through the managed engine's serving
/// path and through ONNX Runtime on the file <c>mlContext.Model.ConvertToOnnx</c> writes, on the data and with the
/// warm-up of <see cref="ThroughputBenchmark"/>. The two alternate which goes first from round to round.
/// </summary>
/// <remarks>
/// The exported graph computes the added columns (the tokenizer's vocabulary lookup, probabilities and labels, a
/// language model's perplexity), the managed engine's serving path the logits they are made from: the difference is
/// small beside the recurrent layers. Before timing, ONNX Runtime's columns of numbers and keys are checked against
/// ML.NET's on the latency's sequence and, where the outputs are per row, on the first batch.
/// </remarks>
internal static class ExportedBenchmark
{
    public static IEnumerable<string> Run(IReadOnlyList<BenchCase> cases, int steps, IEnumerable<int> rounds, int threads)
    {
        foreach (int round in rounds)
        {
            foreach (var c in cases)
            {
                var random = new Random(1);
                var batches = Enumerable.Range(0, steps).Select(_ => CaseData.Batch(c, random)).ToList();
                var one = CaseData.One(c, random);
                var ml = new MLContext(seed: 1);
                var (pipeline, rnn) = ExportedCase.Train(ml, c, batches);
                using var exported = new ExportedModel(ml, pipeline, ExportedCase.Rows(ml, c, one), c, threads);
                double difference = Agreement(ml, c, pipeline, rnn, exported, one, batches[0]);
                Func<string>[] measurements =
                [
                    () => Measure(c, "mlnet-rnn-managed", round, ThreadTeam.MaxThreads, batches, one, new ModelReplicas(rnn.Model).Logits),
                    () => Measure(c, ExportedModel.Name, round, exported.Threads, batches, one, exported.Input, exported.Run, difference),
                ];
                foreach (var measure in round % 2 == 1 ? measurements : measurements.Reverse())
                    yield return measure();
            }
        }
    }

    /// <summary>
    /// The managed engine's serving path on each batch (the data's token ids index the model's vocabulary directly:
    /// which rows the embedding reads does not change the time).
    /// </summary>
    private static string Measure(BenchCase c, string impl, int round, int threads, List<CaseData> data, CaseData one, Func<Models.SequenceBatch, float[]> logits) =>
        Measure(c, impl, round, threads, data, one, d => d.ToBatch(), b => logits(b), null);

    private static string Measure<TInput>(BenchCase c, string impl, int round, int threads, List<CaseData> data, CaseData one, Func<CaseData, TInput> input,
        Action<TInput> score, double? difference)
    {
        var inputs = data.Select(input).ToList();
        double infer = ThroughputBenchmark.TokensPerSecond(data, i => score(inputs[i]));
        var oneInput = input(one);
        double latency = Timing.MedianMilliseconds(() => score(oneInput), ThroughputBenchmark.LatencyRepeats);
        string agreement = difference is { } d ? string.Format(CultureInfo.InvariantCulture, ",\"relative_difference_from_mlnet\":{0:0.0E+0}", d) : "";
        return ThroughputBenchmark.Line(c, impl, round, threads, ThroughputBenchmark.Figures(infer, latency) + agreement);
    }

    /// <summary>
    /// The largest difference between ONNX Runtime's columns and ML.NET's, of those the RNN adds (the others hold the
    /// inputs, fed empty labels), relative to the largest value, on the latency's sequence and (per-row outputs: a tagger's padded tags are laid out otherwise) the first batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">They differ beyond <see cref="PeerAgreement.Tolerance"/>, or nothing could be compared.</exception>
    private static double Agreement(MLContext ml, BenchCase c, ITransformer pipeline, RnnTransformer rnn, ExportedModel exported, CaseData one, CaseData batch)
    {
        var added = OutputColumns.For(rnn.Options, rnn.Labels, 0).Select(o => o.Name).ToHashSet();
        bool tagger = c.PerStep && c.Outputs != c.Vocabulary;
        double worst = 0;
        int compared = 0;
        foreach (var data in tagger ? [one] : new[] { one, batch })
        {
            var scored = pipeline.Transform(ExportedCase.Rows(ml, c, data));
            foreach (var (column, theirs) in exported.NumericOutputs(exported.Input(data)).Where(o => added.Contains(o.Key)))
            {
                float[] ours = Numbers(scored, column);
                if (ours.Length != theirs.Length)
                    throw new InvalidOperationException($"{c.Name}: ONNX Runtime's '{column}' holds {theirs.Length} values, ML.NET's {ours.Length}.");
                double largest = Math.Max(1, ours.Max(MathF.Abs)), difference = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
                worst = Math.Max(worst, difference / largest);
                compared++;
            }
        }
        // Negated so that NaN fails too.
        if (compared == 0 || !(worst <= PeerAgreement.Tolerance))
            throw new InvalidOperationException($"The exported {c.Name} computes another function than ML.NET: {compared} columns compared, outputs differ by {worst:E2} of the largest (at most {PeerAgreement.Tolerance:E0} allowed).");
        return worst;
    }

    /// <summary>Column <paramref name="name"/> (numbers or keys) of every row, flattened.</summary>
    private static float[] Numbers(IDataView data, string name)
    {
        var column = data.Schema[name];
        using var cursor = data.GetRowCursor([column]);
        var values = new List<float>();
        var read = (column.Type is VectorDataViewType vector ? vector.ItemType : column.Type).RawType == typeof(uint)
            ? Reader<uint>(cursor, column, values, k => k)
            : Reader<float>(cursor, column, values, v => v);
        while (cursor.MoveNext())
            read();
        return [.. values];
    }

    private static Action Reader<T>(DataViewRowCursor cursor, DataViewSchema.Column column, List<float> values, Func<T, float> toFloat)
    {
        if (column.Type is VectorDataViewType)
        {
            var vector = cursor.GetGetter<VBuffer<T>>(column);
            VBuffer<T> buffer = default;
            return () =>
            {
                vector(ref buffer);
                values.AddRange(buffer.DenseValues().Select(toFloat));
            };
        }
        var scalar = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            scalar(ref value);
            values.Add(toFloat(value));
        };
    }
}
