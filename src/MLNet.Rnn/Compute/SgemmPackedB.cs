using System.Runtime.InteropServices;

namespace MLNet.Rnn.Compute;

/// <summary>
/// An op(B) operand (k x n) packed once into the micro-kernel's strip layout, for products that reuse the same B
/// many times, such as the per-time-step h W_hh^T of a recurrent layer.
/// </summary>
/// <remarks>
/// For small m, packing B is a large share of a <see cref="Sgemm"/> call (every element of B is moved to be used
/// only m times), and the recurrent weights do not change during a pass. The layout is exactly what
/// <see cref="SgemmJob"/> would pack, for every k block and every NR strip at once: block p (the k rows the job
/// processes together, <see cref="SgemmJob.KcStep"/>) starts at p * KcStep * PaddedN and holds its strips
/// side by side, so any NC panel of any block is a contiguous slice and the product runs the same kernel over
/// the same k blocks: bit-identical to the unpacked call. The memory is native and 64-byte aligned like the
/// workspace, and only grows, so refreshing it from new weights of the same size allocates nothing.
/// </remarks>
internal sealed unsafe class SgemmPackedB
{
    private float* buffer;
    private nint capacity;

    /// <summary>Creates an empty operand for the machine's best micro-kernel; call <see cref="Pack"/> before use.</summary>
    public SgemmPackedB()
        : this(SgemmKernels.Best)
    {
    }

    /// <summary>Creates an empty operand for the micro-kernel of <paramref name="isa"/>, so tests can cover every layout.</summary>
    internal SgemmPackedB(SgemmIsa isa)
    {
        Isa = isa;
    }

    ~SgemmPackedB()
    {
        NativeMemory.AlignedFree(buffer);
    }

    /// <summary>The micro-kernel the layout is for.</summary>
    public SgemmIsa Isa { get; }

    /// <summary>Rows of op(B): the inner dimension of the product.</summary>
    public int K { get; private set; }

    /// <summary>Columns of op(B) and of the product.</summary>
    public int N { get; private set; }

    /// <summary>N rounded up to whole strips: the row length of the packed blocks.</summary>
    internal int PaddedN { get; private set; }

    /// <summary>The packed strips; valid until the next <see cref="Pack"/>.</summary>
    internal float* Data => buffer;

    /// <summary>
    /// Packs op(<paramref name="b"/>) (k x n): B stored (k x n, ldb), or when <paramref name="transB"/> (n x k, ldb).
    /// Replaces what was packed before; grows the buffer only when the new operand is larger.
    /// </summary>
    public void Pack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (transB)
        {
            Sgemm.CheckOperand(b.Length, n, k, ldb, nameof(b));
        }
        else
        {
            Sgemm.CheckOperand(b.Length, k, n, ldb, nameof(b));
        }

        int nr = SgemmKernels.Nr(Isa);
        int paddedN = (n + nr - 1) / nr * nr;
        nint floats = (nint)k * paddedN;
        if (capacity < floats)
        {
            NativeMemory.AlignedFree(buffer);
            buffer = null;
            capacity = 0;
            buffer = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            capacity = floats;
        }

        K = k;
        N = n;
        PaddedN = paddedN;
        int kcStep = SgemmJob.KcStep(k);
        fixed (float* pb = b)
        {
            for (int pc = 0; pc < k; pc += kcStep)
            {
                int kc = Math.Min(kcStep, k - pc);
                float* block = transB ? pb + pc : pb + ((nint)pc * ldb);
                SgemmPacking.PackB(transB, block, ldb, kc, n, nr, buffer + ((nint)pc * paddedN));
            }
        }
    }
}
