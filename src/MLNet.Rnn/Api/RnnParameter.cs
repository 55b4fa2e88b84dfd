namespace MLNet.Rnn;

/// <summary>One trained parameter, as PyTorch names it (<c>rnn.weight_ih_l0</c>, <c>head.bias</c>), read-only.</summary>
/// <param name="Name">The name in PyTorch's <c>named_parameters()</c> of the same model.</param>
/// <param name="Shape">PyTorch's shape, e.g. <c>(4 * hidden, input)</c> for an LSTM's <c>weight_ih_l0</c>.</param>
/// <param name="Values">The values, row-major in <paramref name="Shape"/>.</param>
public sealed record RnnParameter(string Name, IReadOnlyList<int> Shape, ReadOnlyMemory<float> Values);
