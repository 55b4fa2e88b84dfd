using MLNet.Rnn.Models;

namespace MLNet.Rnn.Training;

/// <summary>
/// A token sequence cut into parallel streams for truncated BPTT: stream b holds tokens
/// [b n, (b + 1) n) where n = (count - 1) / streams, its targets are the same positions shifted by one, and
/// window w is steps [w T, (w + 1) T) of every stream. Only whole windows are used.
/// </summary>
internal sealed class TokenStreams
{
    private readonly IReadOnlyList<int> _tokens;
    private readonly int _streams, _length, _window;

    private TokenStreams(IReadOnlyList<int> tokens, int streams, int length, int window)
    {
        _tokens = tokens;
        _streams = streams;
        _length = length;
        _window = window;
    }

    /// <summary>Whole windows per stream.</summary>
    public int Windows => _length / _window;

    public static TokenStreams Create(IReadOnlyList<int> tokens, int streams, int window, int vocabulary, string argument)
    {
        ArgumentNullException.ThrowIfNull(tokens, argument);
        int length = (tokens.Count - 1) / streams;
        if (length < window)
            throw new ArgumentException($"{tokens.Count} tokens are too few for {streams} streams of at least {window} steps; need at least {(long)streams * window + 1}.", argument);
        for (int i = 0; i < tokens.Count; i++)
        {
            if ((uint)tokens[i] >= (uint)vocabulary)
                throw new ArgumentException($"Token {i} has id {tokens[i]}, outside the vocabulary [0, {vocabulary}).", argument);
        }
        return new TokenStreams(tokens, streams, length, window);
    }

    /// <summary>
    /// Streams for evaluation: as many as the tokens fill (up to <paramref name="maxStreams"/>), with windows
    /// shortened when even one stream is shorter than <paramref name="window"/>, so a small validation text
    /// still gets a perplexity. Needs at least two tokens (one prediction).
    /// </summary>
    public static TokenStreams ForEvaluation(IReadOnlyList<int> tokens, int maxStreams, int window, int vocabulary, string argument)
    {
        ArgumentNullException.ThrowIfNull(tokens, argument);
        if (tokens.Count < 2)
            throw new ArgumentException($"{tokens.Count} token(s) give no next-token prediction to evaluate; need at least 2.", argument);
        int streams = Math.Clamp((tokens.Count - 1) / window, 1, maxStreams);
        return Create(tokens, streams, Math.Min(window, tokens.Count - 1), vocabulary, argument);
    }

    /// <summary>The inputs of window <paramref name="w"/> and its next-token targets in packed order.</summary>
    public (SequenceBatch Batch, int[] Targets) Window(int w)
    {
        var sequences = new int[_streams][];
        for (int b = 0; b < _streams; b++)
        {
            sequences[b] = new int[_window];
            for (int t = 0; t < _window; t++)
                sequences[b][t] = _tokens[b * _length + w * _window + t];
        }
        var batch = SequenceBatch.FromTokens(sequences);
        var targets = new int[batch.Layout.TotalRows];
        SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => targets[row] = _tokens[b * _length + w * _window + t + 1]);
        return (batch, targets);
    }
}
