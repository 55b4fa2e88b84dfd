namespace MLNet.Rnn.Text;

/// <summary>
/// Splits raw text into tokens. Implementations are stateless and thread-safe, and each one can be
/// recreated from its <see cref="Spec"/>, which is what the model file stores.
/// </summary>
internal interface ITokenizer
{
    /// <summary>
    /// Splits <paramref name="text"/> into tokens. Empty or whitespace-only text gives an empty array rather
    /// than an error: whether an empty sequence is acceptable is for the caller to decide.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    string[] Tokenize(string text);

    /// <summary>The serializable description from which <see cref="TokenizerSpec.Create"/> rebuilds this tokenizer.</summary>
    TokenizerSpec Spec { get; }
}
