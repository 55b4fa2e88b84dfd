using MLNet.Rnn.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using Tensor = TorchSharp.torch.Tensor;

namespace MLNet.Rnn.TorchSharp;

/// <summary>
/// The managed <see cref="CharacterCnn"/>'s twin on libtorch: the same parameters (<c>char_embedding.weight</c>,
/// <c>char_cnn.weight</c>, <c>char_cnn.bias</c>) and function, each word's characters padded with a zero vector that
/// stands for the convolution's zero padding, and the maximum taken over the word's own positions.
/// </summary>
internal sealed class TorchCharacterCnn : IDisposable
{
    private readonly Parameter _embedding;
    private readonly Conv1d _convolution;

    public TorchCharacterCnn(int characters, int embeddingSize, int filters, Device device)
    {
        // Zeros until the model's weights are loaded into them.
        _embedding = new Parameter(zeros(characters, embeddingSize, device: device));
        _convolution = nn.Conv1d(embeddingSize, filters, CharacterCnn.Width, padding: 1, device: device);
    }

    /// <summary>The parameters under their names in the managed model, in its order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> Named() =>
        [("char_embedding.weight", _embedding), .. _convolution.named_parameters().Select(p => ("char_cnn." + p.name, p.parameter))];

    /// <summary>
    /// Each word's features, (words, filters), from <paramref name="characters"/> (words, longest word) holding each
    /// character's id plus one, 0 past the word's end, and <paramref name="lengths"/> (words), in the caller's dispose scope.
    /// </summary>
    public Tensor Forward(Tensor characters, Tensor lengths)
    {
        var table = cat([zeros(1, _embedding.shape[1], device: _embedding.device), _embedding], 0);
        var embedded = table.index_select(0, characters.flatten()).view(characters.shape[0], characters.shape[1], -1).transpose(1, 2);
        var convolved = _convolution.call(embedded);
        var positions = arange(characters.shape[1], device: characters.device).unsqueeze(0);
        var outside = (positions >= lengths.unsqueeze(1)).unsqueeze(1);
        var pooled = convolved.masked_fill(outside, double.NegativeInfinity).max(2L).values;
        // A word without characters has no position to take the maximum over: its features are zeros, as in the managed model.
        return pooled.masked_fill((lengths == 0).unsqueeze(1), 0);
    }

    public void Dispose()
    {
        _embedding.Dispose();
        _convolution.Dispose();
    }
}
