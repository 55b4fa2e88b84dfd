using System.Numerics.Tensors;
using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Models;

/// <summary>Samples continuations from a next-token <see cref="SequenceModel"/> (a language model).</summary>
internal static class TextGenerator
{
    /// <summary>
    /// Reads <paramref name="prefix"/>, then draws <paramref name="count"/> tokens one at a time, each fed back in
    /// with the carried recurrent state.
    /// </summary>
    /// <param name="model">A unidirectional, per-step token model whose outputs are the vocabulary.</param>
    /// <param name="prefix">At least one token id to start from.</param>
    /// <param name="count">Tokens to generate.</param>
    /// <param name="temperature">Divides the logits: below 1 sharper, above 1 flatter; 0 always takes the most likely token.</param>
    /// <param name="topK">Sample only among the k most likely tokens; 0 for all.</param>
    /// <param name="seed">Seeds the sampling: the same seed gives the same text.</param>
    /// <returns>The generated token ids (without the prefix).</returns>
    /// <exception cref="ArgumentException">The model is not a language model, the prefix is empty or holds an unknown id, or an argument is out of range.</exception>
    public static int[] Generate(SequenceModel model, IReadOnlyList<int> prefix, int count, float temperature = 1f, int topK = 0, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prefix);
        var o = model.Options;
        if (!o.UsesTokens || o.Head != HeadKind.PerStep || o.Bidirectional || o.Outputs != o.VocabularySize)
            throw new ArgumentException("Generation needs a language model: token input, per-step head, one direction, outputs = vocabulary.", nameof(model));
        if (prefix.Count == 0)
            throw new ArgumentException("The prefix needs at least one token.", nameof(prefix));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(temperature >= 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be >= 0.");
        ArgumentOutOfRangeException.ThrowIfNegative(topK);

        bool wasTraining = model.Training;
        model.Training = false;
        try
        {
            var rng = new Rng(seed);
            var output = model.Forward(SequenceBatch.FromTokens([prefix.ToArray()]));
            var result = new int[count];
            for (int i = 0; i < count; i++)
            {
                // Per-step logits of a single sequence are in step order; the last row predicts the next token.
                var last = output.Logits.AsSpan(output.Logits.Length - o.Outputs, o.Outputs);
                result[i] = Sample(last, temperature, topK, rng);
                output = model.Forward(SequenceBatch.FromTokens([[result[i]]]), output.FinalState);
            }
            return result;
        }
        finally
        {
            model.Training = wasTraining;
        }
    }

    private static int Sample(ReadOnlySpan<float> logits, float temperature, int topK, Rng rng)
    {
        if (temperature == 0)
            return TensorPrimitives.IndexOfMax(logits);
        var scaled = new float[logits.Length];
        TensorPrimitives.Divide(logits, temperature, scaled);
        if (topK > 0 && topK < logits.Length)
        {
            // Exactly k candidates: the largest logits, ties broken by the lower id, so ties never widen the set.
            var ranked = Enumerable.Range(0, scaled.Length).OrderByDescending(j => scaled[j]).ThenBy(j => j).ToArray();
            foreach (int j in ranked.AsSpan(topK))
                scaled[j] = float.NegativeInfinity;
        }
        var probabilities = new float[scaled.Length];
        Softmax.Compute(scaled, probabilities);
        double u = rng.NextDouble(), cumulative = 0;
        for (int j = 0; j < probabilities.Length; j++)
        {
            cumulative += probabilities[j];
            if (u < cumulative) return j;
        }
        return TensorPrimitives.IndexOfMax(probabilities);
    }
}
