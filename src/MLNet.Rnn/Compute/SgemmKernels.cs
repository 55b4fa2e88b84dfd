using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Rnn.Compute;

/// <summary>The instruction set a micro-kernel is written for; it fixes the tile shape and so the packing layout.</summary>
internal enum SgemmIsa
{
    /// <summary>Vector128 (NEON, SSE, or software), 4 x 8 tiles.</summary>
    Portable,

    /// <summary>AVX2 with FMA, 6 x 16 tiles.</summary>
    Avx2,

    /// <summary>AVX-512F, 8 x 32 tiles.</summary>
    Avx512,
}

/// <summary>
/// Register-blocked micro-kernels: C[MR x NR] = alpha * (packed A strip) * (packed B strip) + beta * C.
/// </summary>
/// <remarks>
/// A strip holds MR rows interleaved per k step (a[p * MR + i]); a B strip holds NR columns per k step
/// (b[p * NR + j]); both are zero-padded, so every call computes a full tile. The accumulators live in registers
/// for the whole k loop and C is touched once, which is what makes the packed layout pay. Each C element is always
/// accumulated in k order with one FMA per step, so its value does not depend on where the tile sits; edge tiles are
/// computed into a scratch tile by the same kernel and copied out with <see cref="UpdateEdge"/>, which repeats
/// the epilogue's rounding exactly.
/// </remarks>
internal static unsafe class SgemmKernels
{
    /// <summary>The widest instruction set this machine runs natively.</summary>
    public static readonly SgemmIsa Best =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? SgemmIsa.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? SgemmIsa.Avx2
        : SgemmIsa.Portable;

    /// <summary>Largest MR * NR of any kernel: the size of a scratch edge tile.</summary>
    public const int MaxTile = 8 * 32;

    /// <summary>Tile rows for <paramref name="isa"/>.</summary>
    public static int Mr(SgemmIsa isa) => isa switch { SgemmIsa.Avx512 => 8, SgemmIsa.Avx2 => 6, _ => 4 };

    /// <summary>Tile columns for <paramref name="isa"/>.</summary>
    public static int Nr(SgemmIsa isa) => isa switch { SgemmIsa.Avx512 => 32, SgemmIsa.Avx2 => 16, _ => 8 };

    /// <summary>
    /// Whether the micro-kernel of <paramref name="isa"/> writes a <paramref name="rows"/> x <paramref name="cols"/>
    /// corner of its tile straight into C: every whole tile, and for AVX2 also 2 or 4 of its 6 rows (the last tiles of
    /// batches that are powers of two: 16, 32, 64 and 128 rows leave 4 or 2) at any width up to 16 (masked stores: heads
    /// with a few dozen outputs). Other corners go through a scratch tile and <see cref="UpdateEdge"/>.
    /// </summary>
    public static bool WritesDirectly(SgemmIsa isa, int rows, int cols) =>
        isa == SgemmIsa.Avx2 ? rows is 2 or 4 or 6 : rows == Mr(isa) && cols == Nr(isa);

    /// <summary>
    /// Runs the micro-kernel of <paramref name="isa"/> over <paramref name="kc"/> k steps into the
    /// <paramref name="rows"/> x <paramref name="cols"/> corner of a tile at <paramref name="c"/>: the whole tile, or a
    /// corner <see cref="WritesDirectly"/> allows (the A strip keeps its MR-row layout, the B strip its NR columns).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(SgemmIsa isa, int rows, int cols, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (isa)
        {
            case SgemmIsa.Avx512:
                Kernel512(kc, a, b, c, ldc, alpha, beta);
                break;
            case SgemmIsa.Avx2 when rows == 2:
                Kernel256<TwoRows>(kc, a, b, c, ldc, alpha, beta, cols);
                break;
            case SgemmIsa.Avx2 when rows == 4:
                Kernel256<FourRows>(kc, a, b, c, ldc, alpha, beta, cols);
                break;
            case SgemmIsa.Avx2:
                Kernel256<SixRows>(kc, a, b, c, ldc, alpha, beta, cols);
                break;
            default:
                Kernel128(kc, a, b, c, ldc, alpha, beta);
                break;
        }
    }

    /// <summary>
    /// Copies the valid <paramref name="rows"/> x <paramref name="cols"/> corner of a scratch tile (computed with
    /// alpha 1, beta 0) into C with the same operations the vector epilogue performs: alpha * acc, then one fused
    /// beta * C + that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpdateEdge(float* tile, int nr, int rows, int cols, float* c, nint ldc, float alpha, float beta)
    {
        for (int i = 0; i < rows; i++)
        {
            float* t = tile + i * nr;
            float* ci = c + i * ldc;
            if (beta == 0)
            {
                for (int j = 0; j < cols; j++)
                {
                    ci[j] = alpha * t[j];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    ci[j] = MathF.FusedMultiplyAdd(beta, ci[j], alpha * t[j]);
                }
            }
        }
    }

    // beta == 0 must not read C (BLAS semantics: NaN there must not leak); otherwise one fused beta * C + alpha * acc.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* c, Vector512<float> acc, float alpha, float beta)
    {
        Vector512<float> r = acc * Vector512.Create(alpha);
        if (beta != 0)
        {
            r = Avx512F.FusedMultiplyAdd(Vector512.Create(beta), Vector512.Load(c), r);
        }

        r.Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* c, Vector256<float> acc, float alpha, float beta)
    {
        Vector256<float> r = acc * Vector256.Create(alpha);
        if (beta != 0)
        {
            r = Fma.MultiplyAdd(Vector256.Create(beta), Vector256.Load(c), r);
        }

        r.Store(c);
    }

    // One row of an AVX2 tile, its first `cols` columns: whole vectors as Update stores them, a partial one through a mask
    // (the same operations, so the same bits as the scratch tile's scalar copy); masked-off lanes are neither read nor written.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateRow(float* c, Vector256<float> low, Vector256<float> high, float alpha, float beta, int cols)
    {
        if (cols == 16)
        {
            Update(c, low, alpha, beta);
            Update(c + 8, high, alpha, beta);
            return;
        }

        UpdateLanes(c, low, cols, alpha, beta);
        UpdateLanes(c + 8, high, cols - 8, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateLanes(float* c, Vector256<float> acc, int lanes, float alpha, float beta)
    {
        Vector256<float> mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(lanes)).AsSingle();
        Vector256<float> r = acc * Vector256.Create(alpha);
        if (beta != 0)
        {
            r = Fma.MultiplyAdd(Vector256.Create(beta), Avx.MaskLoad(c, mask), r);
        }

        Avx.MaskStore(c, mask, r);
    }

    // The k loop of the portable kernel may or may not fuse (MultiplyAddEstimate), but edge tiles run the same
    // kernel; the epilogue itself always fuses so that it matches the scalar edge copy bit for bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* c, Vector128<float> acc, float alpha, float beta)
    {
        Vector128<float> r = acc * Vector128.Create(alpha);
        if (beta != 0)
        {
            r = Vector128.FusedMultiplyAdd(Vector128.Create(beta), Vector128.Load(c), r);
        }

        r.Store(c);
    }

    /// <summary>AVX-512: 8 x 32 tile, 16 zmm accumulators (enough to cover FMA latency on both ports), two B vectors and one broadcast of A per step. Eight rows rather than 12 or 14 because batch sizes are usually powers of two: 64 or 32 rows fill whole tiles instead of wasting an eighth of the work on padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default;
        Vector512<float> c4_0 = default; Vector512<float> c4_1 = default;
        Vector512<float> c5_0 = default; Vector512<float> c5_1 = default;
        Vector512<float> c6_0 = default; Vector512<float> c6_1 = default;
        Vector512<float> c7_0 = default; Vector512<float> c7_1 = default;

        // The C tile is needed only after the k loop; start fetching its lines now so the epilogue does not stall.
        Sse.Prefetch0(c); Sse.Prefetch0(c + 16);
        Sse.Prefetch0(c + 1 * ldc); Sse.Prefetch0(c + 1 * ldc + 16);
        Sse.Prefetch0(c + 2 * ldc); Sse.Prefetch0(c + 2 * ldc + 16);
        Sse.Prefetch0(c + 3 * ldc); Sse.Prefetch0(c + 3 * ldc + 16);
        Sse.Prefetch0(c + 4 * ldc); Sse.Prefetch0(c + 4 * ldc + 16);
        Sse.Prefetch0(c + 5 * ldc); Sse.Prefetch0(c + 5 * ldc + 16);
        Sse.Prefetch0(c + 6 * ldc); Sse.Prefetch0(c + 6 * ldc + 16);
        Sse.Prefetch0(c + 7 * ldc); Sse.Prefetch0(c + 7 * ldc + 16);

        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c0_0 = Avx512F.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Avx512F.FusedMultiplyAdd(a0, b1, c0_1);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c1_0 = Avx512F.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Avx512F.FusedMultiplyAdd(a1, b1, c1_1);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c2_0 = Avx512F.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Avx512F.FusedMultiplyAdd(a2, b1, c2_1);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c3_0 = Avx512F.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Avx512F.FusedMultiplyAdd(a3, b1, c3_1);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c4_0 = Avx512F.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Avx512F.FusedMultiplyAdd(a4, b1, c4_1);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c5_0 = Avx512F.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Avx512F.FusedMultiplyAdd(a5, b1, c5_1);
            Vector512<float> a6 = Vector512.Create(a[6]);
            c6_0 = Avx512F.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Avx512F.FusedMultiplyAdd(a6, b1, c6_1);
            Vector512<float> a7 = Vector512.Create(a[7]);
            c7_0 = Avx512F.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Avx512F.FusedMultiplyAdd(a7, b1, c7_1);
            a += 8;
            b += 32;
        }

        Update(c, c0_0, alpha, beta); Update(c + 16, c0_1, alpha, beta);
        Update(c + 1 * ldc, c1_0, alpha, beta); Update(c + 1 * ldc + 16, c1_1, alpha, beta);
        Update(c + 2 * ldc, c2_0, alpha, beta); Update(c + 2 * ldc + 16, c2_1, alpha, beta);
        Update(c + 3 * ldc, c3_0, alpha, beta); Update(c + 3 * ldc + 16, c3_1, alpha, beta);
        Update(c + 4 * ldc, c4_0, alpha, beta); Update(c + 4 * ldc + 16, c4_1, alpha, beta);
        Update(c + 5 * ldc, c5_0, alpha, beta); Update(c + 5 * ldc + 16, c5_1, alpha, beta);
        Update(c + 6 * ldc, c6_0, alpha, beta); Update(c + 6 * ldc + 16, c6_1, alpha, beta);
        Update(c + 7 * ldc, c7_0, alpha, beta); Update(c + 7 * ldc + 16, c7_1, alpha, beta);
    }

    /// <summary>The rows of an AVX2 tile a kernel form computes; the JIT compiles one kernel per form, dropping the other rows.</summary>
    private interface ITileRows
    {
        static abstract int Count { get; }
    }

    private readonly struct SixRows : ITileRows
    {
        public static int Count => 6;
    }

    private readonly struct FourRows : ITileRows
    {
        public static int Count => 4;
    }

    private readonly struct TwoRows : ITileRows
    {
        public static int Count => 2;
    }

    /// <summary>
    /// AVX2 + FMA: 6 x 16 tile, 12 of the 16 ymm registers accumulate, leaving room for two B vectors and a broadcast.
    /// The short forms keep the first 2 or 4 rows (4 or 8 accumulators, still one FMA per accumulator per step); every
    /// form stores the first <paramref name="cols"/> columns (B's strip is zero-padded, so the k loop is the same).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256<TRows>(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, int cols)
        where TRows : struct, ITileRows
    {
        Vector256<float> c0_0 = default; Vector256<float> c0_1 = default;
        Vector256<float> c1_0 = default; Vector256<float> c1_1 = default;
        Vector256<float> c2_0 = default; Vector256<float> c2_1 = default;
        Vector256<float> c3_0 = default; Vector256<float> c3_1 = default;
        Vector256<float> c4_0 = default; Vector256<float> c4_1 = default;
        Vector256<float> c5_0 = default; Vector256<float> c5_1 = default;

        // The C tile is needed only after the k loop; start fetching its lines now so the epilogue does not stall.
        for (int i = 0; i < TRows.Count; i++)
        {
            Sse.Prefetch0(c + i * ldc);
        }

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c0_0 = Fma.MultiplyAdd(a0, b0, c0_0);
            c0_1 = Fma.MultiplyAdd(a0, b1, c0_1);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c1_0 = Fma.MultiplyAdd(a1, b0, c1_0);
            c1_1 = Fma.MultiplyAdd(a1, b1, c1_1);
            if (TRows.Count > 2)
            {
                Vector256<float> a2 = Vector256.Create(a[2]);
                c2_0 = Fma.MultiplyAdd(a2, b0, c2_0);
                c2_1 = Fma.MultiplyAdd(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[3]);
                c3_0 = Fma.MultiplyAdd(a3, b0, c3_0);
                c3_1 = Fma.MultiplyAdd(a3, b1, c3_1);
            }

            if (TRows.Count > 4)
            {
                Vector256<float> a4 = Vector256.Create(a[4]);
                c4_0 = Fma.MultiplyAdd(a4, b0, c4_0);
                c4_1 = Fma.MultiplyAdd(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[5]);
                c5_0 = Fma.MultiplyAdd(a5, b0, c5_0);
                c5_1 = Fma.MultiplyAdd(a5, b1, c5_1);
            }

            a += 6;
            b += 16;
        }

        UpdateRow(c, c0_0, c0_1, alpha, beta, cols);
        UpdateRow(c + 1 * ldc, c1_0, c1_1, alpha, beta, cols);
        if (TRows.Count > 2)
        {
            UpdateRow(c + 2 * ldc, c2_0, c2_1, alpha, beta, cols);
            UpdateRow(c + 3 * ldc, c3_0, c3_1, alpha, beta, cols);
        }

        if (TRows.Count > 4)
        {
            UpdateRow(c + 4 * ldc, c4_0, c4_1, alpha, beta, cols);
            UpdateRow(c + 5 * ldc, c5_0, c5_1, alpha, beta, cols);
        }
    }

    /// <summary>Portable (NEON, SSE, or software): 4 x 8 tile; MultiplyAddEstimate fuses where the hardware can.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector128<float> c0_0 = default; Vector128<float> c0_1 = default;
        Vector128<float> c1_0 = default; Vector128<float> c1_1 = default;
        Vector128<float> c2_0 = default; Vector128<float> c2_1 = default;
        Vector128<float> c3_0 = default; Vector128<float> c3_1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> a0 = Vector128.Create(a[0]);
            c0_0 = Vector128.MultiplyAddEstimate(a0, b0, c0_0);
            c0_1 = Vector128.MultiplyAddEstimate(a0, b1, c0_1);
            Vector128<float> a1 = Vector128.Create(a[1]);
            c1_0 = Vector128.MultiplyAddEstimate(a1, b0, c1_0);
            c1_1 = Vector128.MultiplyAddEstimate(a1, b1, c1_1);
            Vector128<float> a2 = Vector128.Create(a[2]);
            c2_0 = Vector128.MultiplyAddEstimate(a2, b0, c2_0);
            c2_1 = Vector128.MultiplyAddEstimate(a2, b1, c2_1);
            Vector128<float> a3 = Vector128.Create(a[3]);
            c3_0 = Vector128.MultiplyAddEstimate(a3, b0, c3_0);
            c3_1 = Vector128.MultiplyAddEstimate(a3, b1, c3_1);
            a += 4;
            b += 8;
        }

        Update(c, c0_0, alpha, beta); Update(c + 4, c0_1, alpha, beta);
        Update(c + 1 * ldc, c1_0, alpha, beta); Update(c + 1 * ldc + 4, c1_1, alpha, beta);
        Update(c + 2 * ldc, c2_0, alpha, beta); Update(c + 2 * ldc + 4, c2_1, alpha, beta);
        Update(c + 3 * ldc, c3_0, alpha, beta); Update(c + 3 * ldc + 4, c3_1, alpha, beta);
    }
}
