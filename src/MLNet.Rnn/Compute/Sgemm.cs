namespace MLNet.Rnn.Compute;

/// <summary>
/// Single-precision matrix multiply on row-major spans:
/// C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C, where op(X) is X or its transpose.
/// </summary>
/// <remarks>
/// Leading dimensions are row strides in elements: A is stored (m x k, lda) or, transposed, (k x m, lda);
/// B is stored (k x n, ldb) or, transposed, (n x k, ldb); C is (m x n, ldc). When beta is 0, C is not read
/// (NaN or garbage in it does not propagate), as in BLAS.
/// </remarks>
internal static class Sgemm
{
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, bool allowParallel = true)
    {
        // Reference implementation; replaced by the blocked, packed kernel.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                ref float cij = ref c[i * ldc + j];
                cij = beta == 0 ? alpha * sum : alpha * sum + beta * cij;
            }
        }
    }
}
