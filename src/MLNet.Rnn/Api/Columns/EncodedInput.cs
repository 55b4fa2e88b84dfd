namespace MLNet.Rnn;

/// <summary>
/// One row's input as the model reads it: token ids or numeric steps (steps x features, flattened), and how many
/// tokens the row really had (a row without tokens is read as one unknown token, so every row gets a prediction,
/// but a tagger gives it no tags), and the characters of its tokens when the model reads them.
/// </summary>
internal readonly record struct EncodedInput(int[]? Ids, float[]? Features, int TokenCount, Models.WordCharacters? Characters = null);
