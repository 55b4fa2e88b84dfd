namespace MLNet.Rnn.Training.Metrics;

/// <summary>An entity found in a BIO tag sequence: tokens [Start, End) of the type named by <c>Tag[2..]</c>.</summary>
internal readonly record struct BioEntity(int Start, int End, string Tag);

/// <summary>
/// Splits BIO / IOB2 tag sequences into entities the way conlleval (and seqeval's default mode) does.
/// </summary>
/// <remarks>
/// A tag <c>B-X</c> or <c>I-X</c> belongs to an entity of type <c>X</c>; any other tag (such as <c>O</c>) is outside.
/// An entity starts at <c>B-X</c>, or at an <c>I-X</c> that does not continue an entity of type <c>X</c>
/// (a "stray" <c>I-X</c> after <c>O</c> or after another type starts a new entity, as in conlleval), and extends over the
/// following <c>I-X</c> tags; it ends before the first tag that is not <c>I-X</c>, or at the end of the sentence.
/// </remarks>
internal static class BioEntities
{
    /// <summary>Clears <paramref name="output"/> and fills it with the entities of <paramref name="tags"/>, in order.</summary>
    public static void Extract(IReadOnlyList<string> tags, List<BioEntity> output)
    {
        output.Clear();
        int start = -1;
        string startTag = "";
        for (int i = 0; i < tags.Count; i++)
        {
            string tag = tags[i];
            char kind = Kind(tag);
            if (start >= 0)
            {
                if (kind == 'I' && SameType(tag, startTag))
                    continue;
                output.Add(new BioEntity(start, i, startTag));
                start = -1;
            }
            if (kind != 'O')
            {
                start = i;
                startTag = tag;
            }
        }
        if (start >= 0)
            output.Add(new BioEntity(start, tags.Count, startTag));
    }

    /// <summary>Number of entities in <paramref name="truth"/> that <paramref name="predicted"/> has with the same span and type.</summary>
    public static int CountMatches(List<BioEntity> truth, List<BioEntity> predicted)
    {
        int matches = 0, t = 0, p = 0;
        while (t < truth.Count && p < predicted.Count)
        {
            BioEntity a = truth[t], b = predicted[p];
            if (a.Start == b.Start)
            {
                if (a.End == b.End && SameType(a.Tag, b.Tag))
                    matches++;
                t++;
                p++;
            }
            else if (a.Start < b.Start)
                t++;
            else
                p++;
        }
        return matches;
    }

    /// <summary>'B' or 'I' for a <c>B-</c> or <c>I-</c> tag, otherwise 'O'.</summary>
    private static char Kind(string tag) =>
        tag.Length >= 2 && tag[1] == '-' && (tag[0] == 'B' || tag[0] == 'I') ? tag[0] : 'O';

    private static bool SameType(string a, string b) => a.AsSpan(2).SequenceEqual(b.AsSpan(2));
}
