using System.Numerics.Tensors;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;

namespace MLNet.Rnn.Nn;

/// <summary>
/// A word's spelling as features (Ma and Hovy, 2016): its characters' embeddings through a 1-D convolution of width 3,
/// max-pooled over the word's positions. As PyTorch's <c>nn.Embedding</c> (<c>char_embedding.weight</c>
/// <c>(characters, embedding)</c>, N(0, 1)) and <c>nn.Conv1d(embedding, filters, 3, padding=1)</c> (<c>char_cnn.weight</c>
/// <c>(filters, embedding, 3)</c>, <c>char_cnn.bias</c>, both U(-1/sqrt(3 embedding), 1/sqrt(3 embedding))), with the
/// maximum taken over each word's own positions only, so that a word's features never depend on the words batched with it.
/// A word without characters gets zeros.
/// </summary>
internal sealed class CharacterCnn
{
    /// <summary>The convolution's width: a character and its neighbours on each side.</summary>
    public const int Width = 3;

    private readonly Parameter _embedding, _weight, _bias;
    private WordCharacters? _words;
    private float[] _columns = [], _convolved = [], _gradColumns = [];
    private int[] _argmax = [];

    public CharacterCnn(int characters, int embeddingSize, int filters, ulong seed, ParameterStore store)
    {
        CharacterCount = characters;
        EmbeddingSize = embeddingSize;
        Filters = filters;
        var rng = new Rng(seed);
        _embedding = store.Add("char_embedding.weight", characters, embeddingSize);
        _weight = store.Add("char_cnn.weight", filters, embeddingSize, Width);
        _bias = store.Add("char_cnn.bias", filters);
        rng.FillNormal(_embedding.Value);
        float bound = 1f / MathF.Sqrt(embeddingSize * Width);
        rng.FillUniform(_weight.Value, -bound, bound);
        rng.FillUniform(_bias.Value, -bound, bound);
    }

    public int CharacterCount { get; }

    public int EmbeddingSize { get; }

    /// <summary>Features per word.</summary>
    public int Filters { get; }

    /// <summary>The parameters' names and shapes, in registration order.</summary>
    public static IEnumerable<(string Name, int[] Shape)> ParameterShapes(int characters, int embeddingSize, int filters)
    {
        yield return ("char_embedding.weight", [characters, embeddingSize]);
        yield return ("char_cnn.weight", [filters, embeddingSize, Width]);
        yield return ("char_cnn.bias", [filters]);
    }

    /// <summary>Writes each word's <see cref="Filters"/> features to consecutive rows of <paramref name="output"/>, keeping what <see cref="Backward"/> needs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A character id is outside [0, CharacterCount).</exception>
    public void Forward(WordCharacters words, Span<float> output)
    {
        int total = words.Ids.Length, span = EmbeddingSize * Width;
        Buffers.Grow(ref _columns, total * span);
        Buffers.Grow(ref _convolved, total * Filters);
        Buffers.Grow(ref _argmax, words.Words * Filters);
        var columns = _columns.AsSpan(0, total * span);
        // Row p of the columns holds the embeddings of characters p-1, p, p+1 of its word (zeros past either end),
        // laid out as the weight's (embedding, width) slice, so one product computes every position's filters.
        columns.Clear();
        ReadOnlySpan<float> table = _embedding.Value;
        for (int w = 0; w < words.Words; w++)
        {
            int start = words.Offsets[w], length = words.Offsets[w + 1] - start;
            for (int p = 0; p < length; p++)
            {
                var row = columns.Slice((start + p) * span, span);
                for (int k = 0; k < Width; k++)
                {
                    int source = p + k - 1;
                    if (source < 0 || source >= length)
                        continue;
                    var vector = table.Slice(CheckedId(words.Ids, start + source) * EmbeddingSize, EmbeddingSize);
                    for (int e = 0; e < EmbeddingSize; e++)
                        row[e * Width + k] = vector[e];
                }
            }
        }
        var convolved = _convolved.AsSpan(0, total * Filters);
        Sgemm.Multiply(false, true, total, Filters, span, 1f, columns, span, _weight.Value, span, 0f, convolved, Filters);
        ReadOnlySpan<float> bias = _bias.Value;
        for (int w = 0; w < words.Words; w++)
        {
            int start = words.Offsets[w], length = words.Offsets[w + 1] - start;
            var features = output.Slice(w * Filters, Filters);
            var argmax = _argmax.AsSpan(w * Filters, Filters);
            if (length == 0)
            {
                features.Clear();
                argmax.Fill(-1);
                continue;
            }
            convolved.Slice(start * Filters, Filters).CopyTo(features);
            argmax.Fill(start);
            for (int p = start + 1; p < start + length; p++)
            {
                var row = convolved.Slice(p * Filters, Filters);
                for (int f = 0; f < Filters; f++)
                {
                    if (row[f] > features[f])
                    {
                        features[f] = row[f];
                        argmax[f] = p;
                    }
                }
            }
            TensorPrimitives.Add(features, bias, features);
        }
        _words = words;
    }

    /// <summary>Accumulates the gradients of the latest <see cref="Forward"/>, given dL/d(features) in its output's layout.</summary>
    public void Backward(ReadOnlySpan<float> gradOutput)
    {
        var words = _words ?? throw new InvalidOperationException("Backward needs a Forward first.");
        int total = words.Ids.Length, span = EmbeddingSize * Width;
        Buffers.Grow(ref _gradColumns, total * span);
        var gradColumns = _gradColumns.AsSpan(0, total * span);
        gradColumns.Clear();
        ReadOnlySpan<float> columns = _columns.AsSpan(0, total * span), weight = _weight.Value;
        Span<float> gradWeight = _weight.Gradient, gradBias = _bias.Gradient;
        // Only each filter's maximum position receives its word's gradient.
        for (int w = 0; w < words.Words; w++)
        {
            for (int f = 0; f < Filters; f++)
            {
                int p = _argmax[w * Filters + f];
                float g = gradOutput[w * Filters + f];
                if (p < 0 || g == 0)
                    continue;
                gradBias[f] += g;
                TensorPrimitives.MultiplyAdd(columns.Slice(p * span, span), g, gradWeight.Slice(f * span, span), gradWeight.Slice(f * span, span));
                TensorPrimitives.MultiplyAdd(weight.Slice(f * span, span), g, gradColumns.Slice(p * span, span), gradColumns.Slice(p * span, span));
            }
        }
        Span<float> gradTable = _embedding.Gradient;
        for (int w = 0; w < words.Words; w++)
        {
            int start = words.Offsets[w], length = words.Offsets[w + 1] - start;
            for (int p = 0; p < length; p++)
            {
                var row = gradColumns.Slice((start + p) * span, span);
                for (int k = 0; k < Width; k++)
                {
                    int source = p + k - 1;
                    if (source < 0 || source >= length)
                        continue;
                    var vector = gradTable.Slice(words.Ids[start + source] * EmbeddingSize, EmbeddingSize);
                    for (int e = 0; e < EmbeddingSize; e++)
                        vector[e] += row[e * Width + k];
                }
            }
        }
    }

    private int CheckedId(int[] ids, int position)
    {
        int id = ids[position];
        if ((uint)id >= (uint)CharacterCount)
            throw new ArgumentOutOfRangeException(nameof(ids), id, $"Character id {id} at position {position} is outside [0, {CharacterCount}).");
        return id;
    }
}
