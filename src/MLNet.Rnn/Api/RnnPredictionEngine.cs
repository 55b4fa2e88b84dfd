using MLNet.Rnn.Data;

namespace MLNet.Rnn;

/// <summary>
/// Maps typed inputs to typed outputs with a trained <see cref="RnnTransformer"/>: members of
/// <typeparamref name="TInput"/> become columns by name (or <see cref="TableColumnAttribute"/>), and output
/// columns fill the members of <typeparamref name="TOutput"/> with the same names.
/// </summary>
/// <remarks>Thread-safe: it holds no state of its own, and the transformer serialises scoring.</remarks>
public sealed class RnnPredictionEngine<TInput, TOutput>
    where TInput : class
    where TOutput : class, new()
{
    private const int StreamBatch = 256;

    internal RnnPredictionEngine(RnnTransformer transformer) => Transformer = transformer;

    /// <summary>The model behind the engine.</summary>
    public RnnTransformer Transformer { get; }

    /// <summary>Scores one input.</summary>
    public TOutput Predict(TInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Score([input]).Single();
    }

    /// <summary>Scores many inputs lazily, in batches, so that large or unbounded inputs stream through in bounded memory.</summary>
    public IEnumerable<TOutput> PredictMany(IEnumerable<TInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Stream(inputs);
    }

    /// <summary>Language models: generates text after <paramref name="prefix"/> (see <see cref="RnnTransformer.Generate"/>).</summary>
    public string Generate(string prefix, int length, float temperature = 1f, int topK = 0, ulong seed = 0) =>
        Transformer.Generate(prefix, length, temperature, topK, seed);

    private IEnumerable<TOutput> Stream(IEnumerable<TInput> inputs)
    {
        foreach (var chunk in inputs.Chunk(StreamBatch))
            foreach (var output in Score(chunk))
                yield return output;
    }

    private List<TOutput> Score(IReadOnlyList<TInput> inputs) =>
        TableLoader.ToEnumerable<TOutput>(Transformer.Transform(TableLoader.FromEnumerable(inputs))).ToList();
}
