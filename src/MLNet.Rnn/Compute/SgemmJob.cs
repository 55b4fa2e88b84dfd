using System.Runtime.CompilerServices;

namespace MLNet.Rnn.Compute;

/// <summary>
/// One validated <see cref="Sgemm"/> call on pinned operands, split into parts that threads run independently,
/// each part running the Goto/BLIS loop nest over its own rows or columns of C.
/// </summary>
/// <remarks>
/// Loop nest per part (BLIS order, with our A as the broadcast operand): columns in NC panels; k in KC blocks,
/// packing the KC x NC panel of op(B) once for all rows; rows in MC blocks, packing MC x KC of op(A); then each
/// MR-tall A strip (a few KiB, held in L1) meets every NR-wide B strip of the panel (streamed from L2) in the
/// micro-kernel. The k blocking depends only on k, never on the split, and a part is a whole range of rows or
/// columns, so every element of C sees the same operations in the same order however many threads run. When B
/// comes prepacked (<see cref="SgemmPackedB"/>) the B packing step is skipped and the panels are read in place;
/// its layout is what this loop would have packed, so the result is the same.
/// </remarks>
internal readonly unsafe struct SgemmJob : ITeamJob
{
    // An A strip of MR x KC (8 KiB for the AVX-512 kernel) stays in the 48 KiB L1 beside the B strip streaming in.
    private const int KcMax = 256;

    // Rows packed per A block; it only bounds the buffer (one strip is live at a time). A multiple of every MR.
    private const int McMax = 288;

    // KC x NC of packed B (1 MiB) is re-read once per A strip, so it must stay in the 2 MiB L2. A multiple of every NR.
    private const int NcMax = 1024;

    // At most this many rows against prepacked B run the thin kernels (SgemmThinKernels) rather than padding to MR.
    private const int ThinRows = 4;

    private readonly SgemmIsa isa;
    private readonly bool transA;
    private readonly bool transB;
    private readonly bool splitColumns;
    private readonly int m;
    private readonly int n;
    private readonly int k;
    private readonly float alpha;
    private readonly float beta;
    private readonly float* a;
    private readonly float* b;
    private readonly float* c;
    private readonly float* packedB;
    private readonly nint packedStride;
    private readonly nint lda;
    private readonly nint ldb;
    private readonly nint ldc;

    public SgemmJob(
        SgemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        this.isa = isa;
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.a = a;
        this.b = b;
        this.c = c;
        this.lda = lda;
        this.ldb = ldb;
        this.ldc = ldc;
        packedB = null;
        packedStride = 0;

        // Every part repacks the operand it does not split: splitting columns duplicates A packing (m * k each),
        // splitting rows duplicates B packing (k * n each), so split the wider side.
        splitColumns = n >= m;
    }

    /// <summary>As the unpacked constructor, with op(B) already packed: n and k are those of <paramref name="b"/>.</summary>
    public SgemmJob(bool transA, int m, float alpha, float* a, int lda, SgemmPackedB b, float beta, float* c, int ldc)
        : this(b.Isa, transA, false, m, b.N, b.K, alpha, a, lda, null, 0, beta, c, ldc)
    {
        packedB = b.Data;
        packedStride = b.PaddedN;
    }

    /// <summary>
    /// The rows of op(B) multiplied per block for a given k: equal blocks of at most KcMax (e.g. 2 x 150 rather
    /// than 256 + 44) keep the kernel's k loop long in every block. <see cref="SgemmPackedB"/> packs by the same rule.
    /// </summary>
    public static int KcStep(int k) => Ceil(k, Ceil(k, KcMax));

    /// <summary>How many parts this product can usefully be split into, at most <paramref name="limit"/>.</summary>
    public int MaxParts(int limit)
    {
        int tiles = splitColumns ? Ceil(n, SgemmKernels.Nr(isa)) : Ceil(m, SgemmKernels.Mr(isa));
        return Math.Min(limit, tiles);
    }

    /// <summary>Computes part <paramref name="part"/> of <paramref name="parts"/>: a whole-tile range of columns or rows.</summary>
    public void RunPart(int part, int parts)
    {
        int unit = splitColumns ? SgemmKernels.Nr(isa) : SgemmKernels.Mr(isa);
        int tiles = Ceil(splitColumns ? n : m, unit);
        int first = (int)((long)tiles * part / parts) * unit;
        int last = Math.Min((int)((long)tiles * (part + 1) / parts) * unit, splitColumns ? n : m);
        if (first >= last)
        {
            return;
        }

        if (splitColumns)
        {
            Run(a, m, first, last - first, c + first);
        }
        else
        {
            float* aPart = transA ? a + first : a + first * lda;
            Run(aPart, last - first, 0, n, c + first * ldc);
        }
    }

    private static int Ceil(int x, int y) => (x + y - 1) / y;

    // Computes columns [col0, col0 + cols) of op(B) against `rows` rows of op(A) from aBase into cBase.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(float* aBase, int rows, int col0, int cols, float* cBase)
    {
        if (packedB != null && !transA && rows <= ThinRows && isa != SgemmIsa.Portable)
        {
            RunThin(aBase, rows, col0, cols, cBase);
            return;
        }

        int mr = SgemmKernels.Mr(isa);
        int nr = SgemmKernels.Nr(isa);
        int kcStep = KcStep(k);
        int ncStep = Math.Min(NcMax / nr * nr, Ceil(cols, nr) * nr);
        int mcStep = Math.Min(McMax / mr * mr, Ceil(rows, mr) * mr);

        // The A block starts on the next 64-byte boundary after the B panel, like the buffer itself.
        nint bFloats = packedB == null ? (((nint)kcStep * ncStep) + 15) & ~(nint)15 : 0;
        float* bPanel = SgemmWorkspace.Rent(bFloats + ((nint)kcStep * mcStep));
        float* packedA = bPanel + bFloats;
        float* edge = stackalloc float[SgemmKernels.MaxTile];

        for (int jc = 0; jc < cols; jc += ncStep)
        {
            int nc = Math.Min(ncStep, cols - jc);
            int col = col0 + jc;
            for (int pc = 0; pc < k; pc += kcStep)
            {
                int kc = Math.Min(kcStep, k - pc);
                if (packedB == null)
                {
                    float* bBlock = transB ? b + (col * ldb) + pc : b + (pc * ldb) + col;
                    SgemmPacking.PackB(transB, bBlock, ldb, kc, nc, nr, bPanel);
                }
                else
                {
                    // Block pc of the prepacked operand, from the strip holding column col on.
                    bPanel = packedB + (pc * packedStride) + ((nint)col * kc);
                }

                // Later k blocks accumulate onto what the first one wrote.
                float betaBlock = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < rows; ic += mcStep)
                {
                    int mc = Math.Min(mcStep, rows - ic);
                    float* aBlock = transA ? aBase + (pc * lda) + ic : aBase + (ic * lda) + pc;
                    SgemmPacking.PackA(transA, aBlock, lda, mc, kc, mr, packedA);
                    MacroKernel(mc, nc, kc, packedA, bPanel, cBase + (ic * ldc) + jc, betaBlock, edge);
                }
            }
        }
    }

    // A few rows against prepacked B: every k block, one or two rows per kernel call over as many strips as its
    // registers hold, A read in place. Columns start on a strip boundary (parts split whole tiles).
    private void RunThin(float* aBase, int rows, int col0, int cols, float* cBase)
    {
        int nr = SgemmKernels.Nr(isa);
        int kcStep = KcStep(k);
        for (int pc = 0; pc < k; pc += kcStep)
        {
            int kc = Math.Min(kcStep, k - pc);
            float betaBlock = pc == 0 ? beta : 1f;
            float* bBlock = packedB + (pc * packedStride) + ((nint)col0 * kc);
            for (int r = 0; r < rows; r += 2)
            {
                int pair = Math.Min(2, rows - r);
                int group = SgemmThinKernels.Group(isa, pair);
                for (int j = 0; j < cols; )
                {
                    int strips = cols - j >= group * nr ? group : 1;
                    SgemmThinKernels.Run(isa, pair, kc, aBase + (r * lda) + pc, lda, bBlock + ((nint)j * kc), strips,
                        cBase + (r * ldc) + j, ldc, Math.Min(strips * nr, cols - j), alpha, betaBlock);
                    j += strips * nr;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MacroKernel(int mc, int nc, int kc, float* packedA, float* bPanel, float* cBlock, float betaBlock, float* edge)
    {
        int mr = SgemmKernels.Mr(isa);
        int nr = SgemmKernels.Nr(isa);
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* aStrip = packedA + ((nint)ir * kc);
            for (int jr = 0; jr < nc; jr += nr)
            {
                int cols = Math.Min(nr, nc - jr);
                float* bStrip = bPanel + ((nint)jr * kc);
                float* cTile = cBlock + (ir * ldc) + jr;
                if (SgemmKernels.WritesDirectly(isa, rows, cols))
                {
                    SgemmKernels.Run(isa, rows, cols, kc, aStrip, bStrip, cTile, ldc, alpha, betaBlock);
                }
                else
                {
                    SgemmKernels.Run(isa, mr, nr, kc, aStrip, bStrip, edge, nr, 1f, 0f);
                    SgemmKernels.UpdateEdge(edge, nr, rows, cols, cTile, ldc, alpha, betaBlock);
                }
            }
        }
    }
}
