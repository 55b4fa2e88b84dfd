using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Sequences;

/// <summary>
/// A batch of variable-length sequences packed time-major, with PyTorch's meaning
/// (<c>torch.nn.utils.rnn.PackedSequence</c>): the rows of step 0 for every sequence, then the rows of
/// step 1 for every sequence still running, and so on, with the sequences sorted longest first.
/// </summary>
/// <remarks>
/// Because sequences are sorted by decreasing length, the sequences active at step t are always the first
/// <c>BatchSizes[t]</c> ones: a recurrent layer processes step t as one contiguous block of rows, and no
/// padding is ever computed. The layout is the one cuDNN calls packed sequence-major.
/// </remarks>
internal sealed class PackedSequence
{
    private readonly int[] _batchSizes;
    private readonly int[] _stepOffsets;
    private readonly int[] _sortedIndices;
    private readonly int[] _unsortedIndices;

    private PackedSequence(float[] data, int featureSize, int[] batchSizes, int[] stepOffsets, int[] sortedIndices, int[] unsortedIndices)
    {
        Data = data;
        FeatureSize = featureSize;
        _batchSizes = batchSizes;
        _stepOffsets = stepOffsets;
        _sortedIndices = sortedIndices;
        _unsortedIndices = unsortedIndices;
    }

    /// <summary>The packed rows, <c>(TotalRows, FeatureSize)</c> row-major.</summary>
    public float[] Data { get; }

    /// <summary>The number of features in each row.</summary>
    public int FeatureSize { get; }

    /// <summary>The number of sequences active at each step, non-increasing.</summary>
    public ReadOnlySpan<int> BatchSizes => _batchSizes;

    /// <summary><c>SortedIndices[i]</c> is the original batch index of the i-th longest sequence.</summary>
    public ReadOnlySpan<int> SortedIndices => _sortedIndices;

    /// <summary>The inverse of <see cref="SortedIndices"/>: where original sequence b sits in the sorted order.</summary>
    public ReadOnlySpan<int> UnsortedIndices => _unsortedIndices;

    /// <summary>The number of sequences.</summary>
    public int BatchSize => _batchSizes[0];

    /// <summary>The length of the longest sequence.</summary>
    public int MaxLength => _batchSizes.Length;

    /// <summary>The total number of rows: the sum of all lengths.</summary>
    public int TotalRows => _stepOffsets[^1];

    /// <summary>The first row of step <paramref name="step"/>.</summary>
    public int StepOffset(int step) => _stepOffsets[step];

    /// <summary>The length of the sequence at original batch index <paramref name="batchIndex"/>.</summary>
    public int LengthOf(int batchIndex) => SortedLength(_unsortedIndices[batchIndex]);

    /// <summary>The lengths in original batch order.</summary>
    public int[] Lengths()
    {
        var lengths = new int[BatchSize];
        for (int b = 0; b < lengths.Length; b++)
            lengths[b] = LengthOf(b);
        return lengths;
    }

    /// <summary>
    /// Packs a padded batch, like <c>pack_padded_sequence(input, lengths, batch_first, enforce_sorted=False)</c>.
    /// </summary>
    /// <param name="padded"><c>(T, B, F)</c>, or <c>(B, T, F)</c> when <paramref name="batchFirst"/>.</param>
    /// <param name="lengths">The valid length of each sequence, in batch order, any order of sizes; each in [1, T].</param>
    /// <param name="batchFirst">Whether the batch is the first dimension of <paramref name="padded"/>.</param>
    /// <exception cref="ArgumentException">The input is not 3-D, the lengths do not match the batch, or a length is out of range.</exception>
    public static PackedSequence Pack(Tensor padded, ReadOnlySpan<int> lengths, bool batchFirst = false)
    {
        ArgumentNullException.ThrowIfNull(padded);
        if (padded.Rank != 3)
            throw new ArgumentException($"Expected a padded batch of shape {(batchFirst ? "(B, T, F)" : "(T, B, F)")}, got {padded.ShapeText}.", nameof(padded));
        int steps = padded.Size(batchFirst ? 1 : 0), batch = padded.Size(batchFirst ? 0 : 1), features = padded.Size(2);
        if (lengths.Length != batch)
            throw new ArgumentException($"Expected {batch} lengths (one per sequence of the batch), got {lengths.Length}.", nameof(lengths));
        if (features == 0)
            throw new ArgumentException($"The padded batch {padded.ShapeText} has no features.", nameof(padded));
        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] <= 0)
                throw new ArgumentException($"Length {lengths[b]} of sequence {b} must be at least 1.", nameof(lengths));
            if (lengths[b] > steps)
                throw new ArgumentException($"Length {lengths[b]} of sequence {b} exceeds the padded length {steps}.", nameof(lengths));
        }

        var packed = CreateLayout(lengths, features);
        var src = padded.Data;
        var dst = packed.Data;
        for (int t = 0; t < packed.MaxLength; t++)
        {
            int rowBase = packed._stepOffsets[t];
            for (int i = 0; i < packed._batchSizes[t]; i++)
            {
                int b = packed._sortedIndices[i];
                int from = (batchFirst ? b * steps + t : t * batch + b) * features;
                Array.Copy(src, from, dst, (rowBase + i) * features, features);
            }
        }
        return packed;
    }

    /// <summary>
    /// An empty packed batch (zeros) for sequences of the given lengths, each at least 1.
    /// </summary>
    /// <exception cref="ArgumentException">No lengths, or a length below 1.</exception>
    public static PackedSequence Zeros(ReadOnlySpan<int> lengths, int featureSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        if (lengths.IsEmpty)
            throw new ArgumentException("A packed batch needs at least one sequence.", nameof(lengths));
        for (int b = 0; b < lengths.Length; b++)
        {
            if (lengths[b] <= 0)
                throw new ArgumentException($"Length {lengths[b]} of sequence {b} must be at least 1.", nameof(lengths));
        }
        return CreateLayout(lengths, featureSize);
    }

    /// <summary>A packed batch with this one's layout (lengths and order) and new rows of another width.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not <c>TotalRows * featureSize</c> long.</exception>
    public PackedSequence WithData(float[] data, int featureSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        if (data.Length != (long)TotalRows * featureSize)
            throw new ArgumentException($"Expected {TotalRows} rows of {featureSize} features ({(long)TotalRows * featureSize} values), got {data.Length}.", nameof(data));
        return new PackedSequence(data, featureSize, _batchSizes, _stepOffsets, _sortedIndices, _unsortedIndices);
    }

    /// <summary>
    /// Unpacks to a padded batch, like <c>pad_packed_sequence(sequence, batch_first, padding_value, total_length)</c>:
    /// original batch order, padded positions set to <paramref name="paddingValue"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="totalLength"/> is shorter than the longest sequence.</exception>
    public Tensor Pad(bool batchFirst = false, int? totalLength = null, float paddingValue = 0)
    {
        int steps = totalLength ?? MaxLength;
        if (steps < MaxLength)
            throw new ArgumentException($"Total length {steps} is shorter than the longest sequence ({MaxLength}).", nameof(totalLength));
        int batch = BatchSize, features = FeatureSize;
        var result = new float[(long)steps * batch * features];
        if (paddingValue != 0)
            result.AsSpan().Fill(paddingValue);
        for (int t = 0; t < MaxLength; t++)
        {
            int rowBase = _stepOffsets[t];
            for (int i = 0; i < _batchSizes[t]; i++)
            {
                int b = _sortedIndices[i];
                int to = (batchFirst ? b * steps + t : t * batch + b) * features;
                Array.Copy(Data, (rowBase + i) * features, result, to, features);
            }
        }
        return batchFirst ? new Tensor(result, batch, steps, features) : new Tensor(result, steps, batch, features);
    }

    /// <summary>The length of the sequence at <paramref name="sortedPosition"/> in the sorted (longest first) order.</summary>
    internal int SortedLength(int sortedPosition)
    {
        // Sorted position i is active at steps 0 .. L-1 where L is the number of steps whose batch holds it.
        int low = 0, high = _batchSizes.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (_batchSizes[mid] > sortedPosition) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private static PackedSequence CreateLayout(ReadOnlySpan<int> lengths, int features)
    {
        int batch = lengths.Length;
        var sorted = new int[batch];
        for (int b = 0; b < batch; b++)
            sorted[b] = b;
        // Stable: equal lengths keep their batch order, so an unpacked (all full-length) batch is the identity.
        var keys = lengths.ToArray();
        Array.Sort(sorted, (x, y) => keys[y] != keys[x] ? keys[y].CompareTo(keys[x]) : x.CompareTo(y));

        var unsorted = new int[batch];
        for (int i = 0; i < batch; i++)
            unsorted[sorted[i]] = i;

        int maxLength = keys[sorted[0]];
        var batchSizes = new int[maxLength];
        var offsets = new int[maxLength + 1];
        int active = batch;
        for (int t = 0; t < maxLength; t++)
        {
            while (keys[sorted[active - 1]] <= t)
                active--;
            batchSizes[t] = active;
            offsets[t + 1] = offsets[t] + active;
        }
        return new PackedSequence(new float[(long)offsets[maxLength] * features], features, batchSizes, offsets, sorted, unsorted);
    }
}
