using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Rnn.Compute;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded strip layout the micro-kernels stream through.
/// </summary>
/// <remarks>
/// Packing is where the four transpose variants differ; after it every variant runs the same kernel. The
/// cheap direction is a straight copy of contiguous runs; the other direction is a transpose, done in 8 x 8
/// register blocks where AVX is available because for small m (the recurrent per-step shapes) packing op(B)
/// costs a noticeable fraction of the multiply. These loops, like the kernels, are compiled fully optimized
/// from the first call: a recurrent layer's first time steps should not run through tier-0 code.
/// </remarks>
internal static unsafe class SgemmPacking
{
    /// <summary>
    /// Packs op(A)[i0.., p0..] (mc x kc) into strips of <paramref name="mr"/> rows: strip s holds rows s*mr.. as
    /// dst[s * mr * kc + p * mr + i], zero beyond mc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(bool transA, float* a, nint lda, int mc, int kc, int mr, float* dst)
    {
        for (int s = 0; s < mc; s += mr)
        {
            int rows = Math.Min(mr, mc - s);
            float* strip = dst + (nint)s * kc;
            if (transA)
            {
                // Stored k x m: each k step is a contiguous run of the strip's rows.
                CopyRuns(a + s, lda, kc, rows, mr, strip);
            }
            else
            {
                // Stored m x k: each row is contiguous along k, so the strip is a transpose.
                Transpose(a + s * lda, lda, rows, kc, mr, strip);
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0.., j0..] (kc x nc) into strips of <paramref name="nr"/> columns: strip t holds columns t*nr.. as
    /// dst[t * nr * kc + p * nr + j], zero beyond nc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(bool transB, float* b, nint ldb, int kc, int nc, int nr, float* dst)
    {
        for (int t = 0; t < nc; t += nr)
        {
            int cols = Math.Min(nr, nc - t);
            float* strip = dst + (nint)t * kc;
            if (transB)
            {
                // Stored n x k: each column of op(B) is a contiguous row, so the strip is a transpose.
                Transpose(b + t * ldb, ldb, cols, kc, nr, strip);
            }
            else
            {
                // Stored k x n: each k step is a contiguous run of the strip's columns.
                CopyRuns(b + t, ldb, kc, cols, nr, strip);
            }
        }
    }

    // dst[p * width + j] = src[p * ld + j] for j < count, 0 for count <= j < width.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRuns(float* src, nint ld, int kc, int count, int width, float* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            float* s = src + p * ld;
            float* d = dst + p * width;
            int j = 0;
            for (; j + 8 <= count; j += 8)
            {
                Vector256.Store(Vector256.Load(s + j), d + j);
            }

            for (; j < count; j++)
            {
                d[j] = s[j];
            }

            for (; j < width; j++)
            {
                d[j] = 0;
            }
        }
    }

    // dst[p * width + r] = src[r * ld + p] for r < count, 0 for count <= r < width: count source rows, each
    // contiguous along p, become the interleaved strip.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(float* src, nint ld, int count, int kc, int width, float* dst)
    {
        int r = 0;
        if (Avx.IsSupported)
        {
            for (; r + 8 <= count; r += 8)
            {
                float* s = src + r * ld;
                int p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    Transpose8x8(s + p, ld, dst + p * width + r, width);
                }

                for (; p < kc; p++)
                {
                    for (int q = 0; q < 8; q++)
                    {
                        dst[p * width + r + q] = s[q * ld + p];
                    }
                }
            }
        }

        for (; r < count; r++)
        {
            float* s = src + r * ld;
            for (int p = 0; p < kc; p++)
            {
                dst[p * width + r] = s[p];
            }
        }

        for (; r < width; r++)
        {
            for (int p = 0; p < kc; p++)
            {
                dst[p * width + r] = 0;
            }
        }
    }

    // Eight rows of eight (stride ld) become eight columns (stride dstStride): the classic unpack / shuffle /
    // lane-permute sequence, 24 shuffles for 64 elements instead of 64 scalar moves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, nint ld, float* d, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(s);
        Vector256<float> r1 = Avx.LoadVector256(s + ld);
        Vector256<float> r2 = Avx.LoadVector256(s + 2 * ld);
        Vector256<float> r3 = Avx.LoadVector256(s + 3 * ld);
        Vector256<float> r4 = Avx.LoadVector256(s + 4 * ld);
        Vector256<float> r5 = Avx.LoadVector256(s + 5 * ld);
        Vector256<float> r6 = Avx.LoadVector256(s + 6 * ld);
        Vector256<float> r7 = Avx.LoadVector256(s + 7 * ld);

        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
