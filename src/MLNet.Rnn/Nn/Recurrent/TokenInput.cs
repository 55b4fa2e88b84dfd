namespace MLNet.Rnn.Nn.Recurrent;

/// <summary>
/// A first layer's input given as token ids (one per packed row, already checked against the vocabulary) and the
/// embedding matrix they index, rather than as embedded rows: a frozen module then looks each token's input projection up
/// (<see cref="DirectionPass.ProjectTokens"/>) instead of multiplying it.
/// </summary>
internal readonly record struct TokenInput(int[] Ids, Parameter Embedding);
