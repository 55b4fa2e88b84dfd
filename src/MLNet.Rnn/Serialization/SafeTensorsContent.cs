namespace MLNet.Rnn.Serialization;

/// <summary>What a safetensors file holds: its tensors, converted to float32, and its string metadata.</summary>
/// <param name="Tensors">Every tensor by name (ordinal comparison).</param>
/// <param name="Metadata">The header's <c>__metadata__</c> map; empty when the file has none.</param>
internal sealed record SafeTensorsContent(IReadOnlyDictionary<string, NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
