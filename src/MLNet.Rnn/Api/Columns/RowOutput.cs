namespace MLNet.Rnn;

/// <summary>
/// One row's prediction, before the output columns' getters shape it: <see cref="Scores"/> holds class
/// probabilities (multiclass), the margin then the probability of <c>true</c> (binary), the predicted values
/// (regression, forecasting), or the perplexity then the count of scored tokens (language models);
/// <see cref="Classes"/> holds the predicted class, or one tag per token. Memory rather than arrays, so a row served
/// on its own can lend its reusable buffers.
/// </summary>
internal readonly record struct RowOutput(ReadOnlyMemory<float> Scores, ReadOnlyMemory<int> Classes);
