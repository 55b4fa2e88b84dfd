using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;

namespace MLNet.Rnn.Training;

/// <summary>
/// Replaces input token ids of a training batch by the unknown id, rare words more often than frequent ones: a word
/// seen <c>n</c> times in the training set is dropped with chance <c>a / (a + n)</c>, <c>a</c> the rate option
/// (Kiperwasser and Goldberg, 2016). The unknown token's embedding is then trained on the words most like those met only
/// at prediction (rare ones) instead of left at its random start, while frequent words keep nearly all their
/// occurrences. It edits the batch the trainers build, before any engine sees it, so every engine trains on the same ids.
/// </summary>
internal sealed class WordDropout
{
    private readonly float[] _chance;
    private readonly int _unknownId;
    private readonly Rng _rng;

    private WordDropout(float[] chance, int unknownId, Rng rng)
    {
        _chance = chance;
        _unknownId = unknownId;
        _rng = rng;
    }

    /// <summary>
    /// The dropout <paramref name="options"/> ask for over <paramref name="vocabularySize"/> ids, counted over every
    /// token id of the training set (<paramref name="trainingIds"/>), drawing from <paramref name="rng"/>; null when off,
    /// so a rate of 0 draws nothing and trains exactly as without it.
    /// </summary>
    public static WordDropout? For(TrainerOptions options, int vocabularySize, IEnumerable<int> trainingIds, Rng rng)
    {
        if (options.WordDropout <= 0)
            return null;
        var counts = new long[vocabularySize];
        foreach (int id in trainingIds)
            counts[id]++;
        float a = options.WordDropout;
        var chance = counts.Select(n => a / (a + n)).ToArray();
        return new WordDropout(chance, options.UnknownTokenId!.Value, rng);
    }

    /// <summary>
    /// Drops tokens of <paramref name="batch"/> in place (the trainers build each batch afresh, so nothing else holds its
    /// ids). Packed batches have no padding rows, so every id is a token; ids already unknown draw nothing. The tokens'
    /// characters stay: a dropped word is still read by its spelling, as an unseen word is.
    /// </summary>
    public void Apply(SequenceBatch batch)
    {
        var ids = batch.TokenIds!;
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] != _unknownId && _rng.NextSingle() < _chance[ids[i]])
                ids[i] = _unknownId;
        }
    }
}
