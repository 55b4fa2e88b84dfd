namespace MLNet.Rnn.Text;

/// <summary>
/// A plain, JSON-friendly description of a <see cref="Vocabulary"/>, stored in the model file; rebuild the
/// vocabulary with <see cref="Vocabulary.FromSpec"/>.
/// </summary>
/// <param name="Tokens">Every token, in id order (token i has id i).</param>
/// <param name="PaddingToken">The padding token, which must have id 0, or null when there is none.</param>
/// <param name="UnknownToken">The token unseen tokens map to, which must come right after the padding token (id 1, or id 0 without padding), or null when there is none.</param>
internal sealed record VocabularySpec(IReadOnlyList<string> Tokens, string? PaddingToken, string? UnknownToken);
