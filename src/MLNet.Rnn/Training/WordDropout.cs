using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;

namespace MLNet.Rnn.Training;

/// <summary>
/// Replaces input token ids of a training batch by the unknown id at a plain rate, so the unknown token's embedding is
/// trained (it stands in for every word unseen at prediction) instead of left at its random start. It edits the batch
/// the trainers build, before any engine sees it, so every engine trains on the same ids.
/// </summary>
internal sealed class WordDropout
{
    private readonly float _rate;
    private readonly int _unknownId;
    private readonly Rng _rng;

    private WordDropout(float rate, int unknownId, Rng rng)
    {
        _rate = rate;
        _unknownId = unknownId;
        _rng = rng;
    }

    /// <summary>The dropout <paramref name="options"/> ask for, drawing from <paramref name="rng"/>; null when off, so a rate of 0 draws nothing and trains exactly as without it.</summary>
    public static WordDropout? For(TrainerOptions options, Rng rng) =>
        options.WordDropout > 0 ? new WordDropout(options.WordDropout, options.UnknownTokenId!.Value, rng) : null;

    /// <summary>
    /// Drops tokens of <paramref name="batch"/> in place (the trainers build each batch afresh, so nothing else holds its
    /// ids). Packed batches have no padding rows, so every id is a token; ids already unknown draw nothing.
    /// </summary>
    public void Apply(SequenceBatch batch)
    {
        var ids = batch.TokenIds!;
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] != _unknownId && _rng.NextSingle() < _rate)
                ids[i] = _unknownId;
        }
    }
}
