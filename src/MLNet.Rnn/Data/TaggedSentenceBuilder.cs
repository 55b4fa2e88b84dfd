namespace MLNet.Rnn.Data;

/// <summary>Collects tagged sentences, token by token: one <see cref="TaggedSentence"/> per sentence, the shape taggers learn from.</summary>
internal sealed class TaggedSentenceBuilder(int? maxSentences)
{
    private readonly List<string> _tokens = [];
    private readonly List<string> _tags = [];

    /// <summary>The sentences ended so far.</summary>
    public List<TaggedSentence> Sentences { get; } = [];

    /// <summary>Whether <c>maxSentences</c> sentences are in, so reading can stop.</summary>
    public bool IsFull => Sentences.Count >= maxSentences;

    /// <summary>Adds a token to the current sentence.</summary>
    public void Add(string token, string tag)
    {
        _tokens.Add(token);
        _tags.Add(tag);
    }

    /// <summary>Ends the current sentence; a sentence without tokens (only comments, say) is not a row.</summary>
    public void EndSentence()
    {
        if (_tokens.Count == 0 || IsFull)
            return;
        Sentences.Add(new TaggedSentence { Tokens = [.. _tokens], Tags = [.. _tags] });
        _tokens.Clear();
        _tags.Clear();
    }
}

/// <summary>One sentence as a row: its tokens and one tag per token (loaded as two vectors of text).</summary>
internal sealed class TaggedSentence
{
    public string[] Tokens { get; set; } = [];

    public string[] Tags { get; set; } = [];
}
