namespace MLNet.Rnn.Serialization;

/// <summary>A named float32 tensor as stored in a weights file: row-major <paramref name="Data"/> of <paramref name="Shape"/>.</summary>
/// <param name="Name">The PyTorch name, e.g. <c>weight_ih_l0</c> or <c>rnn.bias_hh_l1_reverse</c>.</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
/// <param name="Data">The values, row-major; as many as the product of <paramref name="Shape"/>.</param>
internal sealed record NamedTensor(string Name, int[] Shape, float[] Data);
