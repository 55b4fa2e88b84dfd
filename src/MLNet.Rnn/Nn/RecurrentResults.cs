namespace MLNet.Rnn.Nn;

/// <summary>What a recurrent module's forward pass returns, like PyTorch's <c>output, h_n</c> or <c>output, (h_n, c_n)</c>.</summary>
/// <typeparam name="TOutput"><see cref="Tensor"/> for a padded input, <see cref="Sequences.PackedSequence"/> for a packed one.</typeparam>
/// <param name="Output">The top layer's output at every step, both directions concatenated: width <c>directions * hidden</c>.</param>
/// <param name="HiddenState">h_n: <c>(layers * directions, batch, hidden)</c>, each sequence's state after its own last step.</param>
/// <param name="CellState">c_n for an LSTM, same shape as <paramref name="HiddenState"/>; otherwise null.</param>
internal sealed record RecurrentOutput<TOutput>(TOutput Output, Tensor HiddenState, Tensor? CellState);

/// <summary>What a recurrent module's backward pass returns besides the parameter gradients it accumulates.</summary>
/// <typeparam name="TInput"><see cref="Tensor"/> for a padded input, <see cref="Sequences.PackedSequence"/> for a packed one.</typeparam>
/// <param name="Input">The gradient of the input, shaped like the input (zero at padded positions).</param>
/// <param name="InitialHiddenState">The gradient of h0, <c>(layers * directions, batch, hidden)</c>.</param>
/// <param name="InitialCellState">The gradient of c0 for an LSTM; otherwise null.</param>
internal sealed record RecurrentGradients<TInput>(TInput Input, Tensor InitialHiddenState, Tensor? InitialCellState);
