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
/// whole number of steps, or a NaN or infinite value is an error naming the column and row.
/// </remarks>
internal sealed class InputEncoder
{
    private InputEncoder(InputKind kind, TokenizerSpec? tokenizer, Vocabulary? vocabulary, int keyCount, KeyValues? keyValues, int featuresPerStep, int windowSize)
    {
        Kind = kind;
        Tokenizer = tokenizer;
        Vocabulary = vocabulary;
        KeyCount = keyCount;
        KeyValues = keyValues;
        FeaturesPerStep = featuresPerStep;
        WindowSize = windowSize;
    }

    public InputKind Kind { get; }

    /// <summary>How text is split (text input only).</summary>
    public TokenizerSpec? Tokenizer { get; }

    /// <summary>Token ids of text and token inputs.</summary>
    public Vocabulary? Vocabulary { get; }

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

    /// <summary>A text or token input, with the vocabulary learned from the tokens of the training rows.</summary>
    public static InputEncoder ForTokens(InputKind kind, RnnOptions options, IEnumerable<string[]> tokens) =>
        new(kind, kind == InputKind.Text ? TokenizerOf(options) : null, Vocabulary.Build(tokens, options.MaxVocabularySize, options.MinTokenFrequency), 0, null, 0, 0);

    public static InputEncoder ForKeys(int keyCount, KeyValues? keyValues) => new(InputKind.TokenKeys, null, null, keyCount, keyValues, 0, 0);

    public static InputEncoder ForNumbers(InputKind kind, int featuresPerStep, int windowSize) => new(kind, null, null, 0, null, featuresPerStep, windowSize);

    /// <summary>Rebuilds a saved encoder; the manifest checks it against the model.</summary>
    public static InputEncoder Restore(InputKind kind, TokenizerSpec? tokenizer, Vocabulary? vocabulary, int keyCount, KeyValues? keyValues, int featuresPerStep, int windowSize) =>
        new(kind, tokenizer, vocabulary, keyCount, keyValues, featuresPerStep, windowSize);

    /// <summary>The tokenizer <paramref name="options"/> ask for.</summary>
    public static TokenizerSpec TokenizerOf(RnnOptions options) => options.Tokenization switch
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

    /// <summary>Reads and encodes the row under a cursor.</summary>
    public Func<EncodedInput> Reader(DataViewRow row, DataViewSchema.Column column)
    {
        switch (Kind)
        {
            case InputKind.Text or InputKind.Tokens:
                var readTokens = TokenReader(Kind, Tokenizer, row, column);
                return () => Encode(readTokens());
            case InputKind.TokenKeys:
                var getKeys = row.GetGetter<VBuffer<uint>>(column);
                VBuffer<uint> keys = default;
                return () =>
                {
                    getKeys(ref keys);
                    return EncodeKeys(keys, column.Name, row.Position);
                };
            default:
                var getValues = row.GetGetter<VBuffer<float>>(column);
                VBuffer<float> values = default;
                return () =>
                {
                    getValues(ref values);
                    return new EncodedInput(null, Steps(values, column.Name, row.Position), 0);
                };
        }
    }

    /// <summary>Ids of tokens; a row without tokens is one unknown token.</summary>
    public EncodedInput Encode(IReadOnlyList<string> tokens) =>
        new(tokens.Count == 0 ? [Vocabulary!.UnknownId ?? 0] : Vocabulary!.Encode(tokens), null, tokens.Count);

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

    private EncodedInput EncodeKeys(VBuffer<uint> keys, string columnName, long row)
    {
        var values = keys.DenseValues().ToArray();
        var ids = new int[Math.Max(1, values.Length)];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > KeyCount)
                throw new ArgumentException($"Column '{columnName}', row {row}: key {values[i]} is beyond the {KeyCount} keys the model was trained on.");
            ids[i] = (int)values[i];
        }
        return new EncodedInput(ids, null, values.Length);
    }

    private float[] Steps(VBuffer<float> values, string columnName, long row)
    {
        var steps = values.DenseValues().ToArray();
        if (steps.Length == 0)
            throw new ArgumentException($"Column '{columnName}', row {row}: the sequence is empty; every row needs at least one step.");
        if (steps.Length % FeaturesPerStep != 0)
            throw new ArgumentException($"Column '{columnName}', row {row}: {steps.Length} values are not a whole number of steps of {FeaturesPerStep} features (FeaturesPerStep).");
        int bad = Array.FindIndex(steps, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"Column '{columnName}', row {row}, step {bad / FeaturesPerStep}: {steps[bad]} is not a finite number.");
        return steps;
    }
}
