namespace MLNet.Rnn.Data;

/// <summary>
/// Collects tagged sentences, token by token, into a table of two Tokens columns, "Tokens" and "Tags", one row per
/// sentence: the shape sequence taggers learn from.
/// </summary>
internal sealed class TaggedSentenceBuilder(int? maxSentences)
{
    private readonly List<string[]> _tokens = [];
    private readonly List<string[]> _tags = [];
    private readonly List<string> _sentenceTokens = [];
    private readonly List<string> _sentenceTags = [];

    /// <summary>Whether <c>maxSentences</c> sentences are in, so reading can stop.</summary>
    public bool IsFull => _tokens.Count >= maxSentences;

    /// <summary>Adds a token to the current sentence.</summary>
    public void Add(string token, string tag)
    {
        _sentenceTokens.Add(token);
        _sentenceTags.Add(tag);
    }

    /// <summary>Ends the current sentence; a sentence without tokens (only comments, say) is not a row.</summary>
    public void EndSentence()
    {
        if (_sentenceTokens.Count == 0 || IsFull)
            return;
        _tokens.Add([.. _sentenceTokens]);
        _tags.Add([.. _sentenceTags]);
        _sentenceTokens.Clear();
        _sentenceTags.Clear();
    }

    /// <summary>The table of the sentences ended so far.</summary>
    public Table ToTable() => Table.Create([("Tokens", ColumnKind.Tokens, _tokens), ("Tags", ColumnKind.Tokens, _tags)]);
}
