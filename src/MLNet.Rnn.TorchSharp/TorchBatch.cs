using MLNet.Rnn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Rnn.TorchSharp;

/// <summary>
/// A <see cref="SequenceBatch"/> on the device, padded time-major with its sequences in the batch's own longest-first
/// order (stable for equal lengths), with the permutations and positions that put libtorch's outputs in the managed
/// engine's order: pooled outputs in batch order, per-step outputs in the batch's packed order.
/// </summary>
/// <remarks>Created inside the caller's dispose scope: one host-to-device copy of the batch's packed inputs, nothing kept.</remarks>
internal sealed class TorchBatch
{
    private TorchBatch(SequenceBatch batch, Device device)
    {
        var layout = batch.Layout;
        var lengths = new long[layout.BatchSize];
        for (int i = 0; i < lengths.Length; i++)
            lengths[i] = layout.LengthOf(layout.SortedIndices[i]);
        Lengths = tensor(lengths);
        LengthsOnDevice = Lengths.to(device);
        SortedIndices = tensor(Longs(layout.SortedIndices), device: device);
        UnsortedIndices = tensor(Longs(layout.UnsortedIndices), device: device);
        var packedRows = new long[layout.TotalRows];
        for (int t = 0; t < layout.MaxLength; t++)
        {
            for (int i = 0; i < layout.BatchSizes[t]; i++)
                packedRows[layout.StepOffset(t) + i] = (long)t * layout.BatchSize + i;
        }
        PackedRows = tensor(packedRows, device: device);

        // The packed rows go to the device as they are and are padded there: no host copy beyond the batch itself.
        long steps = layout.MaxLength, sequences = layout.BatchSize;
        if (batch.TokenIds is { } ids)
        {
            var packed = tensor(ids, device: device).to(ScalarType.Int64);
            Input = zeros(steps * sequences, ScalarType.Int64, device: device).index_copy_(0, PackedRows, packed).view(steps, sequences);
            if (batch.Characters is { } characters)
                (Characters, CharacterLengths) = PaddedCharacters(characters, device);
        }
        else
        {
            var features = batch.Features!;
            var packed = tensor(features.Data, [layout.TotalRows, features.FeatureSize], device: device);
            Input = zeros([steps * sequences, features.FeatureSize], device: device).index_copy_(0, PackedRows, packed).view(steps, sequences, features.FeatureSize);
        }
    }

    /// <summary>(T, B) token ids or (T, B, F) features, sequences longest first.</summary>
    public Tensor Input { get; }

    /// <summary>With characters: (packed rows, longest word) character ids plus one, 0 past each word's end; otherwise null.</summary>
    public Tensor? Characters { get; }

    /// <summary>With characters: each packed row's number of characters.</summary>
    public Tensor? CharacterLengths { get; }

    /// <summary>The sequences' lengths, longest first, on the CPU as packing wants them.</summary>
    public Tensor Lengths { get; }

    /// <summary>The same lengths on the device, for masks.</summary>
    public Tensor LengthsOnDevice { get; }

    /// <summary>Batch index of each sorted position.</summary>
    public Tensor SortedIndices { get; }

    /// <summary>Sorted position of each batch index.</summary>
    public Tensor UnsortedIndices { get; }

    /// <summary>For each packed row of the batch, its position in the padded (T x B) layout, step-major.</summary>
    public Tensor PackedRows { get; }

    public static TorchBatch Create(SequenceBatch batch, Device device) => new(batch, device);

    private static (Tensor Ids, Tensor Lengths) PaddedCharacters(WordCharacters characters, Device device)
    {
        int words = characters.Words, longest = 1;
        for (int w = 0; w < words; w++)
            longest = Math.Max(longest, characters.Of(w).Length);
        var ids = new long[(long)words * longest];
        var lengths = new long[words];
        for (int w = 0; w < words; w++)
        {
            var word = characters.Of(w);
            lengths[w] = word.Length;
            for (int c = 0; c < word.Length; c++)
                ids[(long)w * longest + c] = word[c] + 1;
        }
        return (tensor(ids, [words, longest], device: device), tensor(lengths, device: device));
    }

    private static long[] Longs(ReadOnlySpan<int> values)
    {
        var result = new long[values.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = values[i];
        return result;
    }
}
