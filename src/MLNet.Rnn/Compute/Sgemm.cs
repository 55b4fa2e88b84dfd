namespace MLNet.Rnn.Compute;

/// <summary>
/// Single-precision matrix multiply on row-major spans:
/// C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C, where op(X) is X or its transpose.
/// </summary>
/// <remarks>
/// Leading dimensions are row strides in elements: A is stored (m x k, lda) or, transposed, (k x m, lda);
/// B is stored (k x n, ldb) or, transposed, (n x k, ldb); C is (m x n, ldc). When beta is 0, C is not read
/// (NaN or garbage in it does not propagate), as in BLAS; likewise A and B are not read when alpha or k is 0.
/// The product is blocked and packed (<see cref="SgemmJob"/>) around a register-tiled micro-kernel
/// (<see cref="SgemmKernels"/>). Results are bit-identical whether or not the call runs in parallel.
/// </remarks>
internal static unsafe class Sgemm
{
    // Work (2mnk flops) each thread must get for a split to pay. Measured on 2 cores: waking the team costs a few
    // microseconds, so 32 x 128 x 128 (1 Mflop, 12 us) gains nothing from two threads while 16 x 512 x 128
    // (2 Mflop, 30 us) runs in about 18 us. 64 x 1024 x 256 splits; 5 x 9 x 7 never does.
    private const double MinFlopsPerThread = 1e6;

    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, bool allowParallel = true)
        => Multiply(SgemmKernels.Best, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, allowParallel);

    /// <summary>
    /// As <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int, bool)"/>
    /// with the micro-kernel chosen by the caller, so that tests cover the narrower kernels on a wide machine.
    /// </summary>
    internal static void Multiply(
        SgemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, bool allowParallel)
    {
        if (ValidateOrFinish(transA, m, n, k, alpha, a, lda, beta, c, ldc))
        {
            return;
        }

        CheckStored(transB, b.Length, k, n, ldb, nameof(b));
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var job = new SgemmJob(isa, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            Run(job, allowParallel ? PartsFor(job, 2.0 * m * n * k) : 1);
        }
    }

    /// <summary>
    /// C[m x n] = alpha * op(A)[m x k] * B + beta * C with B packed beforehand (<see cref="SgemmPackedB"/>), for
    /// products that reuse one B many times; n and k are those of <paramref name="b"/>. Bit-identical to the
    /// unpacked call on the same operands.
    /// </summary>
    public static void Multiply(
        bool transA, int m, float alpha, ReadOnlySpan<float> a, int lda, SgemmPackedB b,
        float beta, Span<float> c, int ldc, bool allowParallel = true)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = b.N, k = b.K;
        if (ValidateOrFinish(transA, m, n, k, alpha, a, lda, beta, c, ldc))
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pc = c)
        {
            var job = new SgemmJob(transA, m, alpha, pa, lda, b, beta, pc, ldc);
            Run(job, allowParallel ? PartsFor(job, 2.0 * m * n * k) : 1);
        }

        // The job holds b's native buffer; b must outlive it, or its finalizer could free the strips mid-call.
        GC.KeepAlive(b);
    }

    /// <summary>
    /// Checks the sizes, A and C, and finishes the products with nothing to multiply (an empty C, or k or alpha 0,
    /// which leave beta * C); returns true when nothing is left to do.
    /// </summary>
    private static bool ValidateOrFinish(bool transA, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return true;
        }

        CheckOperand(c.Length, m, n, ldc, nameof(c));
        if (k == 0 || alpha == 0)
        {
            ScaleRows(m, n, beta, c, ldc);
            return true;
        }

        CheckStored(transA, a.Length, m, k, lda, nameof(a));
        return false;
    }

    /// <summary>Checks an operand op(X) of rows x cols, stored as is or, when <paramref name="transposed"/>, as cols x rows.</summary>
    private static void CheckStored(bool transposed, int length, int rows, int cols, int ld, string name) =>
        CheckOperand(length, transposed ? cols : rows, transposed ? rows : cols, ld, name);

    /// <summary>Throws unless a span of <paramref name="length"/> holds rows x cols with row stride <paramref name="ld"/>.</summary>
    internal static void CheckOperand(int length, int rows, int cols, int ld, string name)
    {
        if (ld < cols)
        {
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} is less than the {cols} columns stored.");
        }

        if ((long)(rows - 1) * ld + cols > length)
        {
            throw new ArgumentException($"Span of {length} elements is too short for {rows} x {cols} with leading dimension {ld}.", name);
        }
    }

    // A busy team runs the parts one after the other here, which gives the same bits as one part.
    private static void Run(in SgemmJob job, int parts) => ThreadTeam.Run(job, parts);

    private static int PartsFor(in SgemmJob job, double flops)
    {
        int byWork = (int)Math.Min(ThreadTeam.MaxThreads, flops / MinFlopsPerThread);
        return job.MaxParts(Math.Max(1, byWork));
    }

    // C = beta * C, with beta == 0 writing zeros so NaN in C does not survive.
    private static void ScaleRows(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0)
            {
                row.Clear();
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }
}
