using MLNet.Rnn.Data;
using MLNet.Rnn.Text;

namespace MLNet.Rnn;

/// <summary>
/// Turns the input column into what the model reads: token ids (Text through a tokenizer, or Tokens, then a
/// vocabulary learned at Fit) or numeric steps (Sequence, or Vector as one feature per step).
/// </summary>
/// <remarks>
/// Defined behaviours: a token never seen in training maps to the unknown token; empty text (no tokens) is read
/// as a single unknown token, so every row gets a prediction; an empty numeric sequence, a sequence whose steps
/// differ in width, or a NaN or infinite value is an error naming the row.
/// </remarks>
internal sealed class InputEncoder
{
    private InputEncoder(ColumnKind kind, TokenizerSpec? tokenizer, Vocabulary? vocabulary, int featureCount)
    {
        Kind = kind;
        Tokenizer = tokenizer;
        Vocabulary = vocabulary;
        FeatureCount = featureCount;
    }

    /// <summary>The input column's kind, fixed at Fit.</summary>
    public ColumnKind Kind { get; }

    public TokenizerSpec? Tokenizer { get; }

    public Vocabulary? Vocabulary { get; }

    /// <summary>Features per step of numeric input (0 for tokens).</summary>
    public int FeatureCount { get; }

    public bool UsesTokens => Vocabulary is not null;

    public static InputEncoder Fit(Table data, RnnOptions options)
    {
        var column = data.GetColumn(options.InputColumnName);
        switch (column.Kind)
        {
            case ColumnKind.Text or ColumnKind.Tokens:
                var tokenizer = column.Kind == ColumnKind.Text ? SpecOf(options) : null;
                var tokens = TokenLists(data, column, tokenizer?.Create());
                var vocabulary = Vocabulary.Build(tokens, options.MaxVocabularySize, options.MinTokenFrequency);
                return new InputEncoder(column.Kind, tokenizer, vocabulary, 0);
            case ColumnKind.Sequence:
                // The features per step come from the first row that has a step; EncodeFeatures checks every row against it.
                var firstStep = data.GetSequences(column.Name).FirstOrDefault(s => s is { Length: > 0 } && s[0] is { Length: > 0 })?[0];
                int width = firstStep?.Length ?? 0;
                if (width == 0)
                    throw new ArgumentException($"Column '{column.Name}': no row has a step with features; cannot tell the features per step.", nameof(data));
                return new InputEncoder(ColumnKind.Sequence, null, null, width);
            case ColumnKind.Vector:
                return new InputEncoder(ColumnKind.Vector, null, null, 1);
            default:
                throw new ArgumentException(
                    $"Column '{column.Name}' is {column.Kind}; the input must be Text, Tokens, Sequence (numeric steps) or Vector (a series).", nameof(data));
        }
    }

    public static InputEncoder Restore(ColumnKind kind, TokenizerSpec? tokenizer, Vocabulary? vocabulary, int featureCount) =>
        new(kind, tokenizer, vocabulary, featureCount);

    /// <summary>The token ids of every row.</summary>
    public int[][] EncodeTokens(Table data, string columnName) => Encode(Tokens(data, columnName));

    /// <summary>The ids of rows already split by <see cref="Tokens"/> (an empty row reads as one unknown token).</summary>
    public int[][] Encode(IReadOnlyList<IReadOnlyList<string>> tokens) =>
        tokens.Select(row => row.Count == 0 ? [Vocabulary!.UnknownId ?? 0] : Vocabulary!.Encode(row)).ToArray();

    /// <summary>The tokens of every row, as the tokenizer sees them (for aligning tags).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tokens(Table data, string columnName) => TokenLists(data, Expect(data, columnName), Tokenizer?.Create());

    /// <summary>Every row's steps, flattened (steps x FeatureCount), checked finite and non-empty.</summary>
    public float[][] EncodeFeatures(Table data, string columnName)
    {
        var column = Expect(data, columnName);
        var rows = new float[data.RowCount][];
        for (int r = 0; r < rows.Length; r++)
        {
            float[] flat;
            if (Kind == ColumnKind.Vector)
            {
                flat = data.GetVectors(column.Name)[r] ?? [];
            }
            else
            {
                var steps = data.GetSequences(column.Name)[r] ?? [];
                flat = new float[steps.Length * FeatureCount];
                for (int t = 0; t < steps.Length; t++)
                {
                    if (steps[t] is null || steps[t].Length != FeatureCount)
                        throw new ArgumentException($"Column '{column.Name}', row {r}, step {t}: expected {FeatureCount} features, got {steps[t]?.Length ?? 0}.", nameof(data));
                    steps[t].CopyTo(flat, t * FeatureCount);
                }
            }
            if (flat.Length == 0)
                throw new ArgumentException($"Column '{column.Name}', row {r}: the sequence is empty; every row needs at least one step.", nameof(data));
            int bad = Array.FindIndex(flat, v => !float.IsFinite(v));
            if (bad >= 0)
                throw new ArgumentException($"Column '{column.Name}', row {r}, step {bad / FeatureCount}: {flat[bad]} is not a finite number.", nameof(data));
            rows[r] = flat;
        }
        return rows;
    }

    private Column Expect(Table data, string columnName)
    {
        var column = data.GetColumn(columnName);
        if (column.Kind != Kind)
            throw new ArgumentException($"Column '{columnName}' is {column.Kind}; the model was trained on a {Kind} column.", nameof(data));
        return column;
    }

    private static IReadOnlyList<IReadOnlyList<string>> TokenLists(Table data, Column column, ITokenizer? tokenizer) =>
        column.Kind == ColumnKind.Text
            ? data.GetText(column.Name).Select(text => (IReadOnlyList<string>)tokenizer!.Tokenize(text ?? "")).ToArray()
            : data.GetTokens(column.Name).Select(tokens => (IReadOnlyList<string>)(tokens ?? [])).ToArray();

    private static TokenizerSpec SpecOf(RnnOptions options) => options.Tokenization switch
    {
        TextTokenization.Characters => new TokenizerSpec("character", options.LowerCase),
        TextTokenization.Whitespace => new TokenizerSpec("whitespace", options.LowerCase),
        _ => new TokenizerSpec("word", options.LowerCase),
    };
}
