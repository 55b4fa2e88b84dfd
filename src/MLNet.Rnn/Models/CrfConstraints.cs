namespace MLNet.Rnn.Models;

/// <summary>
/// Tag sequences a CRF's decoding may not produce: for BIO tags, <c>I-X</c> only continues <c>B-X</c> or <c>I-X</c>
/// (never after <c>O</c>, after <c>B-Y</c> or <c>I-Y</c> of another type, nor first).
/// </summary>
/// <remarks>
/// Applied at decoding only. Training learns the transitions freely: real corpora hold stray <c>I-X</c> tags (IOB1
/// files, annotation slips), and a gold path the constraints forbid would have probability zero, an infinite loss.
/// </remarks>
/// <param name="AllowedStart">Per tag: whether a sequence may start with it.</param>
/// <param name="AllowedTransitions">Per pair [from * tags + to]: whether <c>to</c> may follow <c>from</c>.</param>
internal sealed record CrfConstraints(bool[] AllowedStart, bool[] AllowedTransitions)
{
    /// <summary>The BIO constraints for tags named <paramref name="tags"/> (tag id order), or null when the names are not BIO (every one <c>O</c>, <c>B-X</c> or <c>I-X</c>, some not <c>O</c>).</summary>
    public static CrfConstraints? Bio(IReadOnlyList<string> tags)
    {
        if (!tags.All(t => t == "O" || IsPrefixed(t, 'B') || IsPrefixed(t, 'I')) || tags.All(t => t == "O"))
            return null;
        int k = tags.Count;
        var start = new bool[k];
        var transitions = new bool[k * k];
        for (int to = 0; to < k; to++)
        {
            bool inside = IsPrefixed(tags[to], 'I');
            start[to] = !inside;
            for (int from = 0; from < k; from++)
                transitions[from * k + to] = !inside || tags[from] != "O" && tags[from][2..] == tags[to][2..];
        }
        return new CrfConstraints(start, transitions);
    }

    private static bool IsPrefixed(string tag, char kind) => tag.Length > 2 && tag[0] == kind && tag[1] == '-';
}
