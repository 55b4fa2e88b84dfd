using System.Text;
using MLNet.Rnn.Text;

namespace MLNet.Rnn.Onnx;

/// <summary>
/// A lower-cased vocabulary as a trie over characters, for a graph that must look tokens up as lower case without
/// lower-casing strings: ONNX's StringNormalizer depends on the machine's C locale (it fails where en_US.UTF-8 is not
/// installed, and lower-cases some characters unlike .NET), and opset 12 cannot build a string from its characters.
/// Every code point maps to the index of its .NET invariant lower case (so both cases share one index), a token walks
/// the trie one index at a time, and the state it ends in names its id.
/// </summary>
/// <remarks>
/// Index 0 is padding (past a token's end: the state stays) and <see cref="Unseen"/> any character no token has (the
/// walk dies). State 0 is dead and state 1 the root; an edge is the int64 key <c>state * Width + index</c>, which a
/// dead state never reaches. A token longer than <see cref="MaxLength"/> characters is in no vocabulary.
/// </remarks>
internal sealed class CharacterTrie
{
    public const long Padding = 0, Dead = 0, Root = 1;

    public CharacterTrie(Vocabulary vocabulary)
    {
        // Indices of the characters the tokens hold, then of every code point that lower-cases to one of them.
        var indexOf = new Dictionary<int, long>();
        foreach (string token in vocabulary.Tokens)
        {
            foreach (var rune in token.EnumerateRunes())
                indexOf.TryAdd(rune.Value, indexOf.Count + 1);
        }
        Unseen = indexOf.Count + 1;
        Width = Unseen + 1;
        var folded = new List<(string Character, long Index)>();
        for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (Rune.IsValid(codePoint) && indexOf.TryGetValue(Rune.ToLowerInvariant(new Rune(codePoint)).Value, out long index))
                folded.Add((new Rune(codePoint).ToString(), index));
        }
        Characters = folded;

        var edges = new Dictionary<long, long>();
        var terminals = new List<(long State, long Id)>();
        long states = Root;
        for (int id = 0; id < vocabulary.Count; id++)
        {
            long state = Root;
            int length = 0;
            foreach (var rune in vocabulary.TokenOf(id).EnumerateRunes())
            {
                long edge = state * Width + indexOf[rune.Value];
                state = edges.TryGetValue(edge, out long next) ? next : edges[edge] = ++states;
                length++;
            }
            terminals.Add((state, id));
            MaxLength = Math.Max(MaxLength, length);
        }
        Edges = edges.Select(e => (e.Key, e.Value)).ToArray();
        Terminals = terminals;
    }

    /// <summary>Each code point (as a string) whose lower case a token holds, with that lower case's index.</summary>
    public IReadOnlyList<(string Character, long Index)> Characters { get; }

    /// <summary>The index of a character no token has.</summary>
    public long Unseen { get; }

    /// <summary>What a state is multiplied by in an edge's key: above every index.</summary>
    public long Width { get; }

    /// <summary>Every edge: its key and the state it leads to.</summary>
    public IReadOnlyList<(long Key, long State)> Edges { get; }

    /// <summary>The state each token ends in, with its id.</summary>
    public IReadOnlyList<(long State, long Id)> Terminals { get; }

    /// <summary>The longest token, in code points.</summary>
    public int MaxLength { get; }
}
