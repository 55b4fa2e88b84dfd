using MLNet.Rnn.Models;
using MLNet.Rnn.Text;

namespace MLNet.Rnn.Onnx;

/// <summary>
/// What the recurrent layers read, from the input column, as <see cref="InputEncoder"/> makes it: token ids
/// <c>[N, T]</c> (int64) or standardised steps <c>[T, N, F]</c>, each row's length for <c>sequence_lens</c>
/// (int32, at least 1) and its real token count (int64; 0 for a row without tokens, which reads as one unknown token).
/// </summary>
internal sealed record InputGraph(string? Ids, string? Steps, string Lengths, string Counts)
{
    /// <summary>The graph of <paramref name="input"/> reading column <paramref name="column"/>.</summary>
    public static InputGraph Write(OnnxGraph g, InputEncoder input, Standardizer? normalizer, string column) => input.Kind switch
    {
        InputKind.Text => FromText(g, input, column),
        InputKind.Tokens => FromTokens(g, input, g.Input(column)),
        InputKind.TokenKeys => FromKeys(g, g.Input(column)),
        _ => FromNumbers(g, input.FeaturesPerStep, normalizer, g.Input(column)),
    };

    private static InputGraph FromText(OnnxGraph g, InputEncoder input, string column)
    {
        var tokenizer = input.Tokenizer!;
        var vocabulary = input.Vocabulary!;
        string text = g.Reshape(g.Input(column), -1);
        string tokens = WithPaddingColumn(g, Tokenize(g, text, TokenPatterns.Of(tokenizer)));
        string present = g.Lookup(tokens, [""], [0L], 1);
        string counts = g.ReduceSum(present, 1, keepDims: false);
        if (tokenizer.Kind == TokenizerSpec.CharacterKind)
        {
            // Whitespace-only text has no tokens, though spaces inside text are tokens.
            var spaces = Enumerable.Range(0, 0x10000).Where(c => char.IsWhiteSpace((char)c)).Select(c => ((char)c).ToString()).Append("").ToArray();
            string allSpaces = g.Op("ReduceMin", [g.Lookup(tokens, spaces, spaces.Select(_ => 1L).ToArray(), 0)], OnnxGraph.Attribute("axes", new[] { 1L }), OnnxGraph.Attribute("keepdims", 0L));
            counts = g.Mul(counts, g.Sub(g.Scalar(1L), allSpaces));
        }
        string ids = tokenizer.LowerCase ? LowerCasedIds(g, tokens, vocabulary) : IdsOf(g, tokens, vocabulary);
        return Finish(g, ids, counts, vocabulary.UnknownId ?? 0);
    }

    private static InputGraph FromTokens(OnnxGraph g, InputEncoder input, string tokens)
    {
        var vocabulary = input.Vocabulary!;
        // Empty strings (a sparse vector's unset slots) are not tokens: each row's tokens move left over them.
        tokens = WithPaddingColumn(g, tokens);
        string present = g.Lookup(tokens, [""], [0L], 1);
        string counts = g.ReduceSum(present, 1, keepDims: false);
        string width = g.Dimension(tokens, 1);
        string position = g.Sub(g.Op("CumSum", [present, g.Scalar(1L)]), g.Scalar(1L));
        string target = g.Where(g.Cast(present, OnnxGraph.Bool), position, width);
        long unknown = vocabulary.UnknownId ?? 0;
        string room = g.Op("Expand", [g.Scalar(unknown), g.Add(g.Op("Shape", [tokens]), g.Longs(0, 1))]);
        string ids = input.LowerCasesTokens ? LowerCasedIds(g, tokens, vocabulary) : IdsOf(g, tokens, vocabulary);
        string moved = g.Op("ScatterElements", [room, target, ids], OnnxGraph.Attribute("axis", 1L));
        return Finish(g, g.Slice(moved, g.Longs(0), width, g.Longs(1)), counts, unknown);
    }

    private static InputGraph FromKeys(OnnxGraph g, string keys)
    {
        // Key k is embedding row k (0, a missing key, included); every slot is a token.
        string ids = WithPaddingColumn(g, g.Cast(keys, OnnxGraph.Int64), g.Scalar(0L));
        string counts = g.Op("Expand", [g.Squeeze(g.Dimension(keys, 1), 0), g.Dimension(keys, 0)]);
        return Finish(g, ids, counts, 0);
    }

    private static InputGraph FromNumbers(OnnxGraph g, int featuresPerStep, Standardizer? normalizer, string values)
    {
        string steps = g.Op("Reshape", [values, g.Longs(0, -1, featuresPerStep)]);
        if (normalizer is not null)
            steps = g.Div(g.Sub(steps, g.Constant(normalizer.Means.ToArray(), [featuresPerStep])), g.Constant(normalizer.Deviations.ToArray(), [featuresPerStep]));
        string counts = g.Op("Expand", [g.Squeeze(g.Dimension(steps, 1), 0), g.Dimension(steps, 0)]);
        return new InputGraph(null, g.Transpose(steps, 1, 0, 2), g.Cast(counts, OnnxGraph.Int32), counts);
    }

    /// <summary>ONNX Runtime's Tokenizer: each row's tokens <c>[N, D]</c>, padded with empty strings.</summary>
    private static string Tokenize(OnnxGraph g, string text, string pattern) => g.Node("Tokenizer", [text], 1, "com.microsoft",
    [
        OnnxGraph.Attribute("mark", 0L), OnnxGraph.Attribute("mincharnum", 1L), OnnxGraph.Attribute("pad_value", ""),
        OnnxGraph.Attribute("tokenexp", pattern),
    ])[0];

    /// <summary>
    /// <paramref name="rows"/> <c>[N, D]</c> with one more column of <paramref name="padding"/> (empty strings by
    /// default), so every row has a first step even when no row has a token.
    /// </summary>
    private static string WithPaddingColumn(OnnxGraph g, string rows, string? padding = null)
    {
        string column = g.Op("Expand", [padding ?? g.Constant(new[] { "" }, [1]), g.Concat(0, g.Dimension(rows, 0), g.Longs(1))]);
        return g.Concat(1, rows, column);
    }

    /// <summary>Each token's id, exactly as the vocabulary has it (unknown for any other, padding included).</summary>
    private static string IdsOf(OnnxGraph g, string tokens, Vocabulary vocabulary) =>
        g.Lookup(tokens, vocabulary.Tokens, Enumerable.Range(0, vocabulary.Count).Select(i => (long)i).ToArray(), vocabulary.UnknownId ?? 0);

    /// <summary>Each token's id after .NET's invariant lower-casing, through <see cref="CharacterTrie"/>.</summary>
    private static string LowerCasedIds(OnnxGraph g, string tokens, Vocabulary vocabulary)
    {
        var trie = new CharacterTrie(vocabulary);
        string characters = Tokenize(g, tokens, TokenPatterns.Characters);
        string indices = g.Lookup(characters, trie.Characters.Select(c => c.Character).Append("").ToArray(), trie.Characters.Select(c => c.Index).Append(CharacterTrie.Padding).ToArray(), trie.Unseen);
        // One step past the longest token: a longer token ends in no state that names one.
        long steps = trie.MaxLength + 1;
        string shape = g.Concat(0, g.Slice(g.Op("Shape", [indices]), g.Longs(0), g.Longs(2), g.Longs(0)), g.Longs(steps));
        string padded = g.Concat(2, indices, g.Op("Expand", [g.Scalar(CharacterTrie.Padding), shape]));
        string state = g.Op("Expand", [g.Scalar(CharacterTrie.Root), g.Slice(shape, g.Longs(0), g.Longs(2), g.Longs(0))]);
        var (edgeKeys, edgeStates) = (trie.Edges.Select(e => e.Key).ToArray(), trie.Edges.Select(e => e.State).ToArray());
        string width = g.Scalar(trie.Width), padding = g.Scalar(CharacterTrie.Padding);
        for (long step = 0; step < steps; step++)
        {
            string index = g.Gather(padded, g.Scalar(step), axis: 2);
            string next = g.Lookup(g.Add(g.Mul(state, width), index), edgeKeys, edgeStates, CharacterTrie.Dead);
            state = g.Where(g.Equal(index, padding), state, next);
        }
        return g.Lookup(state, trie.Terminals.Select(t => t.State).ToArray(), trie.Terminals.Select(t => t.Id).ToArray(), vocabulary.UnknownId ?? 0);
    }

    /// <summary>A row without tokens reads as one unknown token, as <see cref="InputEncoder"/> reads it.</summary>
    private static InputGraph Finish(OnnxGraph g, string ids, string counts, long unknown)
    {
        string none = g.Unsqueeze(g.Equal(counts, g.Scalar(0L)), 1);
        ids = g.Where(none, g.Scalar(unknown), ids);
        return new InputGraph(ids, null, g.Cast(g.Max(counts, g.Scalar(1L)), OnnxGraph.Int32), counts);
    }
}
