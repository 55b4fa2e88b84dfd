using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Text;

namespace MLNet.Rnn;

/// <summary>
/// Turns the input column into what the model reads, the same way at Fit and at prediction: text through a tokenizer
/// and tokens through a vocabulary learned at Fit, token keys as ids directly, numeric vectors as steps of
/// <see cref="FeaturesPerStep"/> features.
/// </summary>
/// <remarks>
/// Defined behaviours: a token never seen in training maps to the unknown token, and so does a missing key (key 0,
/// embedding row 0); a row without tokens reads as one unknown token; an empty numeric sequence, one that is not a
/// whole number of steps, a window of another size than in training, or a NaN or infinite value is an error naming the
/// column and row.
/// </remarks>
internal sealed class InputEncoder
{
    private InputEncoder(InputKind kind, TokenizerSpec? tokenizer, Vocabulary? vocabulary, int keyCount, KeyValues? keyValues, int featuresPerStep, int windowSize,
        Vocabulary? characters = null, bool lowerCasesTokens = false)
    {
        Kind = kind;
        Tokenizer = tokenizer;
        LowerCasesTokens = lowerCasesTokens;
        Vocabulary = vocabulary;
        Characters = characters;
        KeyCount = keyCount;
        KeyValues = keyValues;
        FeaturesPerStep = featuresPerStep;
        WindowSize = windowSize;
    }

    public InputKind Kind { get; }

    /// <summary>How text is split (text input only).</summary>
    public TokenizerSpec? Tokenizer { get; }

    /// <summary>
    /// Token inputs: whether each token is lower-cased (invariant culture) before the vocabulary looks it up, while its
    /// characters keep their case (text input lower-cases the whole text in its <see cref="Tokenizer"/> instead).
    /// </summary>
    public bool LowerCasesTokens { get; }

    /// <summary>Token ids of text and token inputs.</summary>
    public Vocabulary? Vocabulary { get; }

    /// <summary>Text and token inputs read by a character CNN: the characters' ids (see <see cref="Spelling"/>); otherwise null.</summary>
    public Vocabulary? Characters { get; }

    /// <summary>Token keys: how many keys the input's key type has (key k is embedding row k; row 0 is the missing key).</summary>
    public int KeyCount { get; }

    /// <summary>Token keys: the tokens the keys stand for, when the column says.</summary>
    public KeyValues? KeyValues { get; }

    /// <summary>Numeric inputs: features per step.</summary>
    public int FeaturesPerStep { get; }

    /// <summary>Window inputs: the vector size the model was trained on; otherwise 0.</summary>
    public int WindowSize { get; }

    public bool UsesTokens => Kind is InputKind.Text or InputKind.Tokens or InputKind.TokenKeys;

    /// <summary>Rows of the embedding, and outputs of a language model.</summary>
    public int VocabularySize => Kind == InputKind.TokenKeys ? KeyCount + 1 : Vocabulary?.Count ?? 0;

    /// <summary>The id unseen tokens read as: the vocabulary's unknown token, or the missing key (row 0) for token keys, which is what <c>MapValueToKey</c> gives a value it never saw.</summary>
    public int? UnknownTokenId => Kind == InputKind.TokenKeys ? 0 : Vocabulary?.UnknownId;

    /// <summary>
    /// A text or token input, with the vocabulary learned from the tokens of the training rows (lower-cased, for token
    /// input with <see cref="RnnOptions.LowerCase"/>), and their characters' as written when the options ask for
    /// character features.
    /// </summary>
    public static InputEncoder ForTokens(InputKind kind, RnnOptions options, IReadOnlyCollection<string[]> tokens)
    {
        bool lowerCasesTokens = kind == InputKind.Tokens && options.LowerCase;
        var words = lowerCasesTokens ? tokens.Select(row => row.Select(token => token.ToLowerInvariant())) : tokens;
        return new(kind, kind == InputKind.Text ? TokenizerOf(options) : null, Vocabulary.Build(words, options.MaxVocabularySize, options.MinTokenFrequency), 0, null, 0, 0,
            options.CharacterFeatures > 0 ? Spelling.Learn(tokens) : null, lowerCasesTokens);
    }

    public static InputEncoder ForKeys(int keyCount, KeyValues? keyValues) => new(InputKind.TokenKeys, null, null, keyCount, keyValues, 0, 0);

    public static InputEncoder ForNumbers(InputKind kind, int featuresPerStep, int windowSize) => new(kind, null, null, 0, null, featuresPerStep, windowSize);

    /// <summary>Rebuilds a saved encoder; the manifest checks it against the model.</summary>
    public static InputEncoder Restore(InputKind kind, TokenizerSpec? tokenizer, Vocabulary? vocabulary, Vocabulary? characters, bool lowerCasesTokens, int keyCount,
        KeyValues? keyValues, int featuresPerStep, int windowSize) =>
        new(kind, tokenizer, vocabulary, keyCount, keyValues, featuresPerStep, windowSize, characters, lowerCasesTokens);

    /// <summary>The tokenizer <paramref name="options"/> ask for.</summary>
    public static TokenizerSpec TokenizerOf(RnnOptions options) => options.Tokenization!.Value switch
    {
        TextTokenization.Characters => new TokenizerSpec(TokenizerSpec.CharacterKind, options.LowerCase),
        TextTokenization.Whitespace => new TokenizerSpec(TokenizerSpec.WhitespaceKind, options.LowerCase),
        _ => new TokenizerSpec(TokenizerSpec.WordKind, options.LowerCase),
    };

    /// <summary>Reads the tokens of the row under a cursor (text or token inputs), before any vocabulary exists.</summary>
    public static Func<string[]> TokenReader(InputKind kind, TokenizerSpec? tokenizer, DataViewRow row, DataViewSchema.Column column)
    {
        if (kind == InputKind.Text)
        {
            var split = tokenizer!.Create();
            var getText = row.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> text = default;
            return () =>
            {
                getText(ref text);
                return split.Tokenize(text.ToString());
            };
        }
        var getTokens = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
        VBuffer<ReadOnlyMemory<char>> tokens = default;
        return () =>
        {
            getTokens(ref tokens);
            // Sparse slots of a text vector are empty strings, which are not tokens.
            return tokens.DenseValues().Where(t => !t.IsEmpty).Select(t => t.ToString()).ToArray();
        };
    }

    /// <summary>Reads and encodes the row under a cursor, into arrays of its own (rows scored together in a batch).</summary>
    public Func<EncodedInput> Reader(DataViewRow row, DataViewSchema.Column column)
    {
        var encoded = new EncodedRow();
        var read = ReaderInto(row, column, encoded);
        return () =>
        {
            read();
            return encoded.Copy(UsesTokens);
        };
    }

    /// <summary>Reads and encodes the row under a cursor into <paramref name="target"/>, reusing its buffers (a row served on its own).</summary>
    public Action ReaderInto(DataViewRow row, DataViewSchema.Column column, EncodedRow target)
    {
        switch (Kind)
        {
            case InputKind.Text:
                var split = (ISpanTokenizer)Tokenizer!.Create();
                var getText = row.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> text = default;
                var ranges = new TokenRanges();
                char[] lowered = [];
                return () =>
                {
                    getText(ref text);
                    var prepared = SpanTokenization.Prepare(split, text.Span, ref lowered);
                    ranges.Clear();
                    split.Split(prepared, ranges);
                    var ids = target.IdsOf(Math.Max(1, ranges.Count));
                    StartSpelling(target);
                    for (int i = 0; i < ranges.Count; i++)
                    {
                        ids[i] = Vocabulary!.IdOf(prepared[ranges[i]]);
                        Spell(target, i, prepared[ranges[i]]);
                    }
                    Finish(ids, ranges.Count, target);
                };
            case InputKind.Tokens:
                var getTokens = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
                VBuffer<ReadOnlyMemory<char>> tokens = default;
                char[] loweredToken = [];
                return () =>
                {
                    getTokens(ref tokens);
                    // Sparse slots of a text vector are empty strings, which are not tokens.
                    var values = tokens.GetValues();
                    int count = 0;
                    foreach (var token in values)
                        count += token.IsEmpty ? 0 : 1;
                    var ids = target.IdsOf(Math.Max(1, count));
                    StartSpelling(target);
                    int next = 0;
                    foreach (var token in values)
                    {
                        if (token.IsEmpty)
                            continue;
                        Spell(target, next, token.Span);
                        ids[next++] = IdOfToken(token.Span, ref loweredToken);
                    }
                    Finish(ids, count, target);
                };
            case InputKind.TokenKeys:
                var getKeys = row.GetGetter<VBuffer<uint>>(column);
                VBuffer<uint> keys = default;
                return () =>
                {
                    getKeys(ref keys);
                    EncodeKeys(keys, column.Name, row.Position, target);
                };
            default:
                var getValues = row.GetGetter<VBuffer<float>>(column);
                VBuffer<float> values = default;
                return () =>
                {
                    getValues(ref values);
                    Steps(values, column.Name, row.Position, target);
                };
        }
    }

    /// <summary>Ids of tokens; a row without tokens is one unknown token.</summary>
    public EncodedInput Encode(IReadOnlyList<string> tokens)
    {
        var encoded = new EncodedRow();
        EncodeInto(tokens, encoded);
        return encoded.Copy(tokens: true);
    }

    private void EncodeInto(IReadOnlyList<string> tokens, EncodedRow target)
    {
        var ids = target.IdsOf(Math.Max(1, tokens.Count));
        StartSpelling(target);
        char[] loweredToken = [];
        for (int i = 0; i < tokens.Count; i++)
        {
            ids[i] = IdOfToken(tokens[i], ref loweredToken);
            Spell(target, i, tokens[i]);
        }
        Finish(ids, tokens.Count, target);
    }

    /// <summary>The id of a token as given (text input: as its tokenizer made it), lower-cased into <paramref name="buffer"/> first when <see cref="LowerCasesTokens"/>.</summary>
    private int IdOfToken(ReadOnlySpan<char> token, ref char[] buffer) =>
        Vocabulary!.IdOf(LowerCasesTokens ? SpanTokenization.LowerCased(token, ref buffer) : token);

    /// <summary>With a character vocabulary, starts the row's characters (its length is set already).</summary>
    private void StartSpelling(EncodedRow target)
    {
        if (Characters is not null)
            target.StartSpelling(target.Length);
    }

    private void Spell(EncodedRow target, int word, ReadOnlySpan<char> token)
    {
        if (Characters is not null)
            target.Spell(word, Characters, token);
    }

    /// <summary>Records the row's real token count; a row without tokens reads as one unknown token.</summary>
    private void Finish(Span<int> ids, int tokenCount, EncodedRow target)
    {
        if (tokenCount == 0)
            ids[0] = Vocabulary!.UnknownId ?? 0;
        target.TokenCount = tokenCount;
    }

    /// <summary>The tokens a language model's ids stand for, to write generated text.</summary>
    public string[] Decode(ReadOnlySpan<int> ids)
    {
        if (Kind != InputKind.TokenKeys)
            return Vocabulary!.Decode(ids);
        var tokens = new string[ids.Length];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = ids[i] == 0 ? Text.Vocabulary.DefaultUnknownToken : KeyValues?.Texts[ids[i] - 1] ?? ids[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return tokens;
    }

    /// <summary>Ids of a text prefix, split as training split text (by whitespace for token inputs).</summary>
    public int[] EncodePrefix(string prefix)
    {
        var tokens = Kind == InputKind.Text
            ? Tokenizer!.Create().Tokenize(prefix)
            : prefix.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (Kind != InputKind.TokenKeys)
            return Encode(tokens).Ids!;
        var keyOf = (KeyValues?.Texts ?? []).Select((text, i) => (text, key: i + 1)).ToDictionary(p => p.text, p => p.key, StringComparer.Ordinal);
        int[] ids = tokens.Select(t => keyOf.GetValueOrDefault(t)).ToArray();
        return ids.Length == 0 ? [0] : ids;
    }

    private void EncodeKeys(VBuffer<uint> keys, string columnName, long row, EncodedRow target)
    {
        // Missing keys are 0 (the unknown token's row); a sparse vector's implicit slots are missing keys too.
        var ids = target.IdsOf(Math.Max(1, keys.Length));
        ids.Clear();
        var values = keys.GetValues();
        var indices = keys.GetIndices();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > KeyCount)
                throw new ArgumentException($"Column '{columnName}', row {row}: key {values[i]} is beyond the {KeyCount} keys the model was trained on.");
            ids[keys.IsDense ? i : indices[i]] = (int)values[i];
        }
        target.TokenCount = keys.Length;
    }

    private void Steps(VBuffer<float> values, string columnName, long row, EncodedRow target)
    {
        // A row of a fixed-size column can still hold another number of values (ML.NET does not check arrays given
        // to LoadFromEnumerable or a prediction engine); scored, it would silently be a shorter or longer window.
        if (WindowSize > 0 && values.Length != WindowSize)
            throw new ArgumentException($"Column '{columnName}'{(row >= 0 ? $", row {row}" : "")}: expected a vector of {WindowSize} Single, as in training, got {values.Length} values.");
        if (values.Length == 0)
            throw new ArgumentException($"Column '{columnName}', row {row}: the sequence is empty; every row needs at least one step.");
        if (values.Length % FeaturesPerStep != 0)
            throw new ArgumentException($"Column '{columnName}', row {row}: {values.Length} values are not a whole number of steps of {FeaturesPerStep} features (FeaturesPerStep).");
        var steps = target.FeaturesOf(values.Length);
        values.CopyTo(steps);
        int bad = FirstNonFinite(steps);
        if (bad >= 0)
            throw new ArgumentException($"Column '{columnName}', row {row}, step {bad / FeaturesPerStep}: {steps[bad]} is not a finite number.");
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                return i;
        }
        return -1;
    }
}
