using System.Runtime.InteropServices;

namespace MLNet.Rnn.Text;

/// <summary>
/// Maps tokens to the integer ids an embedding layer consumes, and back. Learned from training documents
/// with <see cref="Build"/> and stored in the model file through <see cref="ToSpec"/> and
/// <see cref="FromSpec"/>. Tokens are compared ordinally (case-sensitive; lower-casing is the tokenizer's job).
/// </summary>
/// <remarks>
/// A lone UTF-16 surrogate in a token reads as U+FFFD, when the vocabulary is learned and when a token is looked up
/// alike, so every token it holds is valid text that a saved model keeps exactly (see <see cref="TextRepair"/>).
/// </remarks>
internal sealed class Vocabulary
{
    /// <summary>The padding token <see cref="Build"/> reserves id 0 for.</summary>
    public const string DefaultPaddingToken = "<pad>";

    /// <summary>The token <see cref="Build"/> maps unseen tokens to.</summary>
    public const string DefaultUnknownToken = "<unk>";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;
    private readonly string? _paddingToken;
    private readonly string? _unknownToken;
    private readonly int? _unknownId;

    private Vocabulary(string[] tokens, Dictionary<string, int> ids, string? paddingToken, string? unknownToken)
    {
        _tokens = tokens;
        _ids = ids;
        _idsBySpan = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _paddingToken = paddingToken;
        _unknownToken = unknownToken;
        _unknownId = unknownToken is null ? null : ids[unknownToken];
        Tokens = Array.AsReadOnly(tokens);
    }

    /// <summary>Number of tokens, reserved ones included: the model's vocabulary size.</summary>
    public int Count => _tokens.Length;

    /// <summary>The id of the padding token (always 0), or null when the vocabulary has none.</summary>
    public int? PaddingId => _paddingToken is null ? null : 0;

    /// <summary>The id unseen tokens map to, or null when the vocabulary has no unknown token.</summary>
    public int? UnknownId => _unknownId;

    /// <summary>Every token, in id order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>
    /// Learns a vocabulary from tokenized documents. Ids go to the padding token (0) and the unknown token (next),
    /// each when requested, then every token seen at least <paramref name="minFrequency"/> times, most
    /// frequent first, ties in ordinal string order, so the result depends only on the token counts and
    /// never on document order. A reserved token string that also occurs in the data keeps its reserved id.
    /// </summary>
    /// <param name="documents">Token sequences, usually from an <see cref="ITokenizer"/>.</param>
    /// <param name="maxSize">The most tokens to keep, reserved ones included; the least frequent are dropped. Null keeps all.</param>
    /// <param name="minFrequency">Tokens seen fewer times than this are left out (and so map to the unknown token).</param>
    /// <param name="addPadding">Reserve id 0 for <see cref="DefaultPaddingToken"/>.</param>
    /// <param name="addUnknown">Add <see cref="DefaultUnknownToken"/>, so tokens not in the vocabulary still encode.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minFrequency"/> is below 1, or <paramref name="maxSize"/> leaves no room for the reserved tokens (or is below 1).</exception>
    /// <exception cref="ArgumentException">A document or token is null, or the vocabulary would be empty.</exception>
    public static Vocabulary Build(
        IEnumerable<IEnumerable<string>> documents, int? maxSize = null, int minFrequency = 1, bool addPadding = true, bool addUnknown = true)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);
        var reserved = new List<string>(2);
        if (addPadding) reserved.Add(DefaultPaddingToken);
        if (addUnknown) reserved.Add(DefaultUnknownToken);
        int smallest = Math.Max(1, reserved.Count);
        if (maxSize < smallest)
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"maxSize must be at least {smallest}: the vocabulary holds {reserved.Count} reserved token(s) and needs at least one token.");

        var counts = CountTokens(documents);
        IEnumerable<string> ranked = counts
            .Where(pair => pair.Value >= minFrequency && !reserved.Contains(pair.Key))
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key);
        if (maxSize is { } max) ranked = ranked.Take(max - reserved.Count);
        var tokens = reserved.Concat(ranked).ToArray();
        if (tokens.Length == 0)
            throw new ArgumentException($"No token occurs at least {minFrequency} time(s) and no reserved tokens were requested, so the vocabulary would be empty.", nameof(documents));
        return FromSpec(new VocabularySpec(tokens, addPadding ? DefaultPaddingToken : null, addUnknown ? DefaultUnknownToken : null));
    }

    /// <summary>Rebuilds a vocabulary from its stored description.</summary>
    /// <exception cref="ArgumentException">
    /// The spec has no tokens, a null or duplicate token, identical padding and unknown tokens, or a reserved
    /// token missing or not at its id (padding at 0, unknown right after it).
    /// </exception>
    public static Vocabulary FromSpec(VocabularySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Tokens can be null despite the annotation when the spec was deserialized from an incomplete file.
        if (spec.Tokens is null || spec.Tokens.Count == 0)
            throw new ArgumentException("A vocabulary needs at least one token; the spec has none.", nameof(spec));
        if (spec.PaddingToken is not null && spec.PaddingToken == spec.UnknownToken)
            throw new ArgumentException($"The padding and unknown tokens must differ; both are '{spec.PaddingToken}'.", nameof(spec));

        var tokens = spec.Tokens.ToArray();
        var ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] is null)
                throw new ArgumentException($"Token {i} is null.", nameof(spec));
            if (!TextRepair.IsValid(tokens[i]))
                throw new ArgumentException($"Token {i} is not valid UTF-16 text (it holds a lone surrogate).", nameof(spec));
            if (!ids.TryAdd(tokens[i], i))
                throw new ArgumentException($"Token '{tokens[i]}' appears at ids {ids[tokens[i]]} and {i}; tokens must be unique.", nameof(spec));
        }
        int unknownId = 0;
        if (spec.PaddingToken is { } padding)
        {
            CheckReservedId(ids, padding, "padding", 0, "id 0", nameof(spec));
            unknownId = 1;
        }
        if (spec.UnknownToken is { } unknown)
            CheckReservedId(ids, unknown, "unknown", unknownId, unknownId == 0 ? "id 0 (there is no padding token)" : "id 1, right after the padding token", nameof(spec));
        return new Vocabulary(tokens, ids, spec.PaddingToken, spec.UnknownToken);
    }

    /// <summary>The description to store in the model file; <see cref="FromSpec"/> rebuilds an identical vocabulary from it.</summary>
    public VocabularySpec ToSpec() => new(_tokens.ToArray(), _paddingToken, _unknownToken);

    /// <summary>Whether <paramref name="token"/> has an id of its own (mapping to the unknown token does not count).</summary>
    public bool Contains(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _ids.ContainsKey(TextRepair.Repair(token));
    }

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnknownId"/> when the token is not in the vocabulary.</summary>
    /// <exception cref="KeyNotFoundException">The token is not in the vocabulary and there is no unknown token to map it to.</exception>
    public int IdOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_ids.TryGetValue(TextRepair.Repair(token), out int id)) return id;
        if (_unknownId is { } unknownId) return unknownId;
        throw new KeyNotFoundException($"Token '{token}' is not in the vocabulary of {Count} tokens, which has no unknown token to map it to (build it with addUnknown: true to encode unseen tokens).");
    }

    /// <summary>As <see cref="IdOf(string)"/>, for a token given as characters of a text (no string is made).</summary>
    /// <exception cref="KeyNotFoundException">The token is not in the vocabulary and there is no unknown token to map it to.</exception>
    internal int IdOf(ReadOnlySpan<char> token)
    {
        // Lone surrogates are rare: only such a token pays for a repaired copy.
        if (!TextRepair.IsValid(token)) return IdOf(token.ToString());
        if (_idsBySpan.TryGetValue(token, out int id)) return id;
        return _unknownId ?? IdOf(token.ToString());
    }

    /// <summary>Gets the id of <paramref name="token"/>; false when the token has no id of its own (the unknown token is not substituted).</summary>
    public bool TryGetId(string token, out int id)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _ids.TryGetValue(TextRepair.Repair(token), out id);
    }

    /// <summary>The token with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is negative or not below <see cref="Count"/>.</exception>
    public string TokenOf(int id)
    {
        if ((uint)id >= (uint)_tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids run from 0 to {_tokens.Length - 1}.");
        return _tokens[id];
    }

    /// <summary>The id of each token, as <see cref="IdOf(string)"/> gives it.</summary>
    /// <exception cref="KeyNotFoundException">A token is not in the vocabulary and there is no unknown token.</exception>
    public int[] Encode(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = new int[tokens.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = IdOf(tokens[i]);
        return ids;
    }

    /// <summary>The token of each id, as <see cref="TokenOf"/> gives it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is out of range.</exception>
    public string[] Decode(ReadOnlySpan<int> ids)
    {
        var tokens = new string[ids.Length];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = TokenOf(ids[i]);
        return tokens;
    }

    private static Dictionary<string, int> CountTokens(IEnumerable<IEnumerable<string>> documents)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int index = 0;
        foreach (var document in documents)
        {
            if (document is null)
                throw new ArgumentException($"Document {index} is null.", nameof(documents));
            foreach (var token in document)
            {
                if (token is null)
                    throw new ArgumentException($"Document {index} contains a null token.", nameof(documents));
                CollectionsMarshal.GetValueRefOrAddDefault(counts, TextRepair.Repair(token), out _)++;
            }
            index++;
        }
        return counts;
    }

    private static void CheckReservedId(Dictionary<string, int> ids, string token, string role, int expectedId, string expectedPlace, string paramName)
    {
        if (ids.TryGetValue(token, out int actual) && actual == expectedId) return;
        string found = ids.ContainsKey(token) ? $"it has id {actual}" : "it is missing";
        throw new ArgumentException($"The {role} token '{token}' must be at {expectedPlace}, but {found}.", paramName);
    }
}
