using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Rnn.Compute;

/// <summary>
/// Kernels for products with one or two rows against prepacked B (a recurrent step on one sequence):
/// C[rows x NR * strips] = alpha * A * (B strips) + beta * C, reading A in place; AVX-512 (32-column strips) and AVX2
/// (16-column strips).
/// </summary>
/// <remarks>
/// The tiled micro-kernels (8 x 32, 6 x 16) would multiply five to seven rows of padding for each real one; here every
/// FMA is useful. Several strips at a time keep eight or sixteen independent accumulators in flight, enough to hide
/// the FMA latency while B streams in. Each C element is still one FMA per k step in k order from zero, then the same
/// epilogue, so the result is bit-identical to the tiled kernel's.
/// </remarks>
internal static unsafe class SgemmThinKernels
{
    /// <summary>Strips an AVX-512 call handles at most.</summary>
    public const int MaxStrips = 4;

    /// <summary>Strips one call of <paramref name="rows"/> (1 or 2) rows handles at most on <paramref name="isa"/>: as many as the registers hold.</summary>
    public static int Group(SgemmIsa isa, int rows) => isa == SgemmIsa.Avx512 || rows == 1 ? MaxStrips : 2;

    /// <summary>
    /// <paramref name="rows"/> (1 or 2) rows of A, <paramref name="lda"/> apart, against <paramref name="strips"/>
    /// strips of B (a whole <see cref="Group"/> or one), strip s at b + s * kc * NR; writes <paramref name="cols"/>
    /// columns of C.
    /// </summary>
    public static void Run(SgemmIsa isa, int rows, int kc, float* a, nint lda, float* b, int strips, float* c, nint ldc, int cols, float alpha, float beta)
    {
        bool whole = strips > 1;
        if (isa == SgemmIsa.Avx512)
        {
            if (rows == 2)
                TwoRows(kc, a, lda, b, whole ? MaxStrips : 1, c, ldc, cols, alpha, beta);
            else
                OneRow(kc, a, b, whole ? MaxStrips : 1, c, cols, alpha, beta);
        }
        else if (rows == 2)
        {
            TwoRows256(kc, a, lda, b, whole, c, ldc, cols, alpha, beta);
        }
        else
        {
            OneRow256(kc, a, b, whole, c, cols, alpha, beta);
        }
    }

    /// <summary>
    /// One row: <paramref name="a"/> holds kc values; strip s of B starts at b + s * kc * 32. Writes
    /// <paramref name="cols"/> columns of C (all 32 * strips when the last strip is whole).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneRow(int kc, float* a, float* b, int strips, float* c, int cols, float alpha, float beta)
    {
        nint stride = (nint)kc * 32;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        if (strips == MaxStrips)
        {
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> x = Vector512.Create(a[p]);
                float* bp = b + p * 32;
                c0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp), c0);
                c1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp + 16), c1);
                c2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp + stride), c2);
                c3 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp + stride + 16), c3);
                c4 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp + 2 * stride), c4);
                c5 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp + 2 * stride + 16), c5);
                c6 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp + 3 * stride), c6);
                c7 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(bp + 3 * stride + 16), c7);
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> x = Vector512.Create(a[p]);
                c0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + p * 32), c0);
                c1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + p * 32 + 16), c1);
            }
        }
        Store(c, 0, cols, c0, alpha, beta);
        Store(c, 16, cols, c1, alpha, beta);
        if (strips == MaxStrips)
        {
            Store(c, 32, cols, c2, alpha, beta);
            Store(c, 48, cols, c3, alpha, beta);
            Store(c, 64, cols, c4, alpha, beta);
            Store(c, 80, cols, c5, alpha, beta);
            Store(c, 96, cols, c6, alpha, beta);
            Store(c, 112, cols, c7, alpha, beta);
        }
    }

    /// <summary>Two rows, <paramref name="lda"/> apart in A and <paramref name="ldc"/> apart in C; otherwise as <see cref="OneRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoRows(int kc, float* a, nint lda, float* b, int strips, float* c, nint ldc, int cols, float alpha, float beta)
    {
        nint stride = (nint)kc * 32;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> d0 = default, d1 = default, d2 = default, d3 = default, d4 = default, d5 = default, d6 = default, d7 = default;
        float* a1 = a + lda;
        if (strips == MaxStrips)
        {
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> x = Vector512.Create(a[p]);
                Vector512<float> y = Vector512.Create(a1[p]);
                float* bp = b + p * 32;
                Vector512<float> b0 = Vector512.Load(bp), b1 = Vector512.Load(bp + 16);
                c0 = Avx512F.FusedMultiplyAdd(x, b0, c0);
                c1 = Avx512F.FusedMultiplyAdd(x, b1, c1);
                d0 = Avx512F.FusedMultiplyAdd(y, b0, d0);
                d1 = Avx512F.FusedMultiplyAdd(y, b1, d1);
                b0 = Vector512.Load(bp + stride);
                b1 = Vector512.Load(bp + stride + 16);
                c2 = Avx512F.FusedMultiplyAdd(x, b0, c2);
                c3 = Avx512F.FusedMultiplyAdd(x, b1, c3);
                d2 = Avx512F.FusedMultiplyAdd(y, b0, d2);
                d3 = Avx512F.FusedMultiplyAdd(y, b1, d3);
                b0 = Vector512.Load(bp + 2 * stride);
                b1 = Vector512.Load(bp + 2 * stride + 16);
                c4 = Avx512F.FusedMultiplyAdd(x, b0, c4);
                c5 = Avx512F.FusedMultiplyAdd(x, b1, c5);
                d4 = Avx512F.FusedMultiplyAdd(y, b0, d4);
                d5 = Avx512F.FusedMultiplyAdd(y, b1, d5);
                b0 = Vector512.Load(bp + 3 * stride);
                b1 = Vector512.Load(bp + 3 * stride + 16);
                c6 = Avx512F.FusedMultiplyAdd(x, b0, c6);
                c7 = Avx512F.FusedMultiplyAdd(x, b1, c7);
                d6 = Avx512F.FusedMultiplyAdd(y, b0, d6);
                d7 = Avx512F.FusedMultiplyAdd(y, b1, d7);
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> x = Vector512.Create(a[p]);
                Vector512<float> y = Vector512.Create(a1[p]);
                Vector512<float> b0 = Vector512.Load(b + p * 32), b1 = Vector512.Load(b + p * 32 + 16);
                c0 = Avx512F.FusedMultiplyAdd(x, b0, c0);
                c1 = Avx512F.FusedMultiplyAdd(x, b1, c1);
                d0 = Avx512F.FusedMultiplyAdd(y, b0, d0);
                d1 = Avx512F.FusedMultiplyAdd(y, b1, d1);
            }
        }
        float* e = c + ldc;
        Store(c, 0, cols, c0, alpha, beta);
        Store(c, 16, cols, c1, alpha, beta);
        Store(e, 0, cols, d0, alpha, beta);
        Store(e, 16, cols, d1, alpha, beta);
        if (strips == MaxStrips)
        {
            Store(c, 32, cols, c2, alpha, beta);
            Store(c, 48, cols, c3, alpha, beta);
            Store(c, 64, cols, c4, alpha, beta);
            Store(c, 80, cols, c5, alpha, beta);
            Store(c, 96, cols, c6, alpha, beta);
            Store(c, 112, cols, c7, alpha, beta);
            Store(e, 32, cols, d2, alpha, beta);
            Store(e, 48, cols, d3, alpha, beta);
            Store(e, 64, cols, d4, alpha, beta);
            Store(e, 80, cols, d5, alpha, beta);
            Store(e, 96, cols, d6, alpha, beta);
            Store(e, 112, cols, d7, alpha, beta);
        }
    }

    /// <summary>AVX2, one row: four 16-column strips (eight accumulators) when <paramref name="whole"/>, else one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneRow256(int kc, float* a, float* b, bool whole, float* c, int cols, float alpha, float beta)
    {
        nint stride = (nint)kc * 16;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        if (whole)
        {
            for (int p = 0; p < kc; p++)
            {
                Vector256<float> x = Vector256.Create(a[p]);
                float* bp = b + p * 16;
                c0 = Fma.MultiplyAdd(x, Vector256.Load(bp), c0);
                c1 = Fma.MultiplyAdd(x, Vector256.Load(bp + 8), c1);
                c2 = Fma.MultiplyAdd(x, Vector256.Load(bp + stride), c2);
                c3 = Fma.MultiplyAdd(x, Vector256.Load(bp + stride + 8), c3);
                c4 = Fma.MultiplyAdd(x, Vector256.Load(bp + 2 * stride), c4);
                c5 = Fma.MultiplyAdd(x, Vector256.Load(bp + 2 * stride + 8), c5);
                c6 = Fma.MultiplyAdd(x, Vector256.Load(bp + 3 * stride), c6);
                c7 = Fma.MultiplyAdd(x, Vector256.Load(bp + 3 * stride + 8), c7);
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                Vector256<float> x = Vector256.Create(a[p]);
                c0 = Fma.MultiplyAdd(x, Vector256.Load(b + p * 16), c0);
                c1 = Fma.MultiplyAdd(x, Vector256.Load(b + p * 16 + 8), c1);
            }
        }
        Store(c, 0, cols, c0, alpha, beta);
        Store(c, 8, cols, c1, alpha, beta);
        if (whole)
        {
            Store(c, 16, cols, c2, alpha, beta);
            Store(c, 24, cols, c3, alpha, beta);
            Store(c, 32, cols, c4, alpha, beta);
            Store(c, 40, cols, c5, alpha, beta);
            Store(c, 48, cols, c6, alpha, beta);
            Store(c, 56, cols, c7, alpha, beta);
        }
    }

    /// <summary>AVX2, two rows: two 16-column strips (eight accumulators) when <paramref name="whole"/>, else one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoRows256(int kc, float* a, nint lda, float* b, bool whole, float* c, nint ldc, int cols, float alpha, float beta)
    {
        nint stride = (nint)kc * 16;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
        float* a1 = a + lda;
        if (whole)
        {
            for (int p = 0; p < kc; p++)
            {
                Vector256<float> x = Vector256.Create(a[p]);
                Vector256<float> y = Vector256.Create(a1[p]);
                float* bp = b + p * 16;
                Vector256<float> b0 = Vector256.Load(bp), b1 = Vector256.Load(bp + 8);
                c0 = Fma.MultiplyAdd(x, b0, c0);
                c1 = Fma.MultiplyAdd(x, b1, c1);
                d0 = Fma.MultiplyAdd(y, b0, d0);
                d1 = Fma.MultiplyAdd(y, b1, d1);
                b0 = Vector256.Load(bp + stride);
                b1 = Vector256.Load(bp + stride + 8);
                c2 = Fma.MultiplyAdd(x, b0, c2);
                c3 = Fma.MultiplyAdd(x, b1, c3);
                d2 = Fma.MultiplyAdd(y, b0, d2);
                d3 = Fma.MultiplyAdd(y, b1, d3);
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                Vector256<float> x = Vector256.Create(a[p]);
                Vector256<float> y = Vector256.Create(a1[p]);
                Vector256<float> b0 = Vector256.Load(b + p * 16), b1 = Vector256.Load(b + p * 16 + 8);
                c0 = Fma.MultiplyAdd(x, b0, c0);
                c1 = Fma.MultiplyAdd(x, b1, c1);
                d0 = Fma.MultiplyAdd(y, b0, d0);
                d1 = Fma.MultiplyAdd(y, b1, d1);
            }
        }
        float* e = c + ldc;
        Store(c, 0, cols, c0, alpha, beta);
        Store(c, 8, cols, c1, alpha, beta);
        Store(e, 0, cols, d0, alpha, beta);
        Store(e, 8, cols, d1, alpha, beta);
        if (whole)
        {
            Store(c, 16, cols, c2, alpha, beta);
            Store(c, 24, cols, c3, alpha, beta);
            Store(e, 16, cols, d2, alpha, beta);
            Store(e, 24, cols, d3, alpha, beta);
        }
    }

    /// <summary>As the AVX-512 store, for eight columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, int offset, int cols, Vector256<float> acc, float alpha, float beta)
    {
        int valid = cols - offset;
        if (valid <= 0)
            return;
        Vector256<float> r = acc * Vector256.Create(alpha);
        if (valid >= 8)
        {
            if (beta != 0)
                r = Fma.MultiplyAdd(Vector256.Create(beta), Vector256.Load(c + offset), r);
            r.Store(c + offset);
            return;
        }
        for (int j = 0; j < valid; j++)
            c[offset + j] = beta == 0 ? r.GetElement(j) : MathF.FusedMultiplyAdd(beta, c[offset + j], r.GetElement(j));
    }

    /// <summary>
    /// C[offset .. offset + 16) = alpha * acc (+ beta * C), the tiled kernel's epilogue, for the columns below
    /// <paramref name="cols"/>; columns past it (B's zero padding) are not written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, int offset, int cols, Vector512<float> acc, float alpha, float beta)
    {
        int valid = cols - offset;
        if (valid <= 0)
            return;
        Vector512<float> r = acc * Vector512.Create(alpha);
        if (valid >= 16)
        {
            if (beta != 0)
                r = Avx512F.FusedMultiplyAdd(Vector512.Create(beta), Vector512.Load(c + offset), r);
            r.Store(c + offset);
            return;
        }
        // The last few columns, one at a time, with the same operations.
        for (int j = 0; j < valid; j++)
            c[offset + j] = beta == 0 ? r.GetElement(j) : MathF.FusedMultiplyAdd(beta, c[offset + j], r.GetElement(j));
    }
}
