using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests.Compute;

[TestClass]
public sealed class SgemmTests
{
    // One case per kernel, with no other arguments.
    public static IEnumerable<object[]> EachKernel => SgemmKernelCases.OnEachKernel([[]]);

    public static IEnumerable<object[]> EachKernelAndTranspose => SgemmKernelCases.OnEachKernel([false, false], [false, true], [true, false], [true, true]);

    // One to four rows take the thin kernels against packed B on AVX-512 (every strip count, partial last strips, two k blocks).
    public static IEnumerable<object[]> EachKernelAndFewRows => SgemmKernelCases.OnEachKernel([1, 1536, 512], [2, 192, 64], [3, 200, 300], [4, 45, 7]);

    // 16 and 32 rows leave 4 and 2 rows for the last AVX2 tile, which its short forms compute straight into C.
    public static IEnumerable<object[]> EachKernelAndShortLastTile => SgemmKernelCases.OnEachKernel([16, 1536, 512], [32, 48, 300], [14, 40, 9]);

    // 28, 17 and 5 columns leave a partial last 16-wide AVX2 strip, which masked stores write straight into C.
    public static IEnumerable<object[]> EachKernelAndNarrowLastStrip => SgemmKernelCases.OnEachKernel([12, 28, 300], [16, 17, 40], [6, 5, 9]);

    [TestMethod]
    [DynamicData(nameof(EachKernelAndTranspose))]
    public void AllTransposeCombinationsMatchReference(string kernel, bool transA, bool transB)
    {
        Check(SgemmKernelCases.Runnable(kernel), transA, transB, 37, 45, 29, alpha: 1f, beta: 0f, pad: 0, seed: 1);
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(false, true)]
    [DataRow(true, false)]
    [DataRow(true, true)]
    public void OddSizesAcrossBlockEdgesMatchReference(bool transA, bool transB)
    {
        int[] sizes = [1, 3, 7, 17, 33, 65, 130, 257];
        int seed = 10;
        foreach (int size in sizes)
        {
            // Each dimension takes the odd size in turn while the others stay modest; 257 exceeds KC (256),
            // and 300 rows exceed MC (288), so the block loops and the equal-k-block split are exercised too.
            Check(SgemmKernels.Best, transA, transB, size, 19, 23, 1f, 0f, 0, seed++);
            Check(SgemmKernels.Best, transA, transB, 21, size, 13, 1f, 0f, 0, seed++);
            Check(SgemmKernels.Best, transA, transB, 11, 35, size, 1f, 0f, 0, seed++);
        }

        Check(SgemmKernels.Best, transA, transB, 300, 65, 520, 1f, 0f, 0, seed);
    }

    [TestMethod]
    [DynamicData(nameof(EachKernel))]
    public void EachKernelHandlesEdgesAndBlocks(string kernel)
    {
        SgemmIsa isa = SgemmKernelCases.Runnable(kernel);
        Check(isa, false, false, 1, 1, 1, 1f, 0f, 0, 30);
        Check(isa, false, true, 13, 33, 257, 0.5f, 0f, 3, 31);
        Check(isa, true, false, 17, 7, 65, 1f, 1f, 0, 32);
        Check(isa, true, true, 65, 130, 17, -2f, 0.25f, 5, 33);
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(false, true)]
    [DataRow(true, false)]
    [DataRow(true, true)]
    public void LeadingDimensionsLargerThanRowsAreRespected(bool transA, bool transB)
    {
        Check(SgemmKernels.Best, transA, transB, 33, 40, 19, 1f, 0f, pad: 7, seed: 40);
        Check(SgemmKernels.Best, transA, transB, 14, 70, 45, 0.75f, -1.5f, pad: 3, seed: 41);
    }

    [TestMethod]
    [DataRow(1f, 0f)]
    [DataRow(2.5f, 0f)]
    [DataRow(1f, 1f)]
    [DataRow(-0.5f, 2f)]
    [DataRow(1f, -1f)]
    public void AlphaAndBetaScaleAsDocumented(float alpha, float beta)
    {
        Check(SgemmKernels.Best, false, true, 30, 70, 40, alpha, beta, pad: 2, seed: 50);
        Check(SgemmKernels.Best, true, false, 5, 9, 7, alpha, beta, pad: 0, seed: 51);
    }

    [TestMethod]
    [DynamicData(nameof(EachKernel))]
    public void BetaZeroDoesNotReadNaNInC(string kernel)
    {
        SgemmIsa isa = SgemmKernelCases.Runnable(kernel);
        const int m = 27, n = 41, k = 13;
        float[] a = Random(m * k, 60);
        float[] b = Random(k * n, 61);
        float[] c = new float[m * n];
        Array.Fill(c, float.NaN);

        Sgemm.Multiply(isa, false, false, m, n, k, 1f, a, k, b, n, 0f, c, n, allowParallel: false);

        double[] expected = Reference(false, false, m, n, k, 1f, a, k, b, n, 0f, new float[m * n], n);
        AssertClose(expected, c, m, n, n, k, "beta=0 over NaN");
    }

    [TestMethod]
    public void BetaOneAccumulatesOntoC()
    {
        const int m = 20, n = 50, k = 30;
        float[] a = Random(m * k, 70);
        float[] b = Random(n * k, 71);
        float[] c = Random(m * n, 72);
        double[] expected = Reference(false, true, m, n, k, 1f, a, k, b, k, 1f, c, n);

        Sgemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 1f, c, n);

        AssertClose(expected, c, m, n, n, k, "beta=1");
    }

    [TestMethod]
    public void ZeroKScalesCByBeta()
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        Sgemm.Multiply(false, false, 2, 3, 0, 1f, [], 0, [], 3, 0.5f, c, 3);
        CollectionAssert.AreEqual(new[] { 0.5f, 1f, 1.5f, 2f, 2.5f, 3f }, c);

        float[] nan = [float.NaN, float.NaN, float.NaN];
        Sgemm.Multiply(true, true, 1, 3, 0, 1f, [], 1, [], 0, 0f, nan, 3);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, nan);
    }

    [TestMethod]
    public void EmptyOutputTouchesNothing()
    {
        float[] c = [7f];
        Sgemm.Multiply(false, false, 0, 1, 5, 1f, [], 5, new float[5], 1, 0f, c, 1);
        Sgemm.Multiply(false, false, 1, 0, 5, 1f, new float[5], 5, [], 0, 0f, c, 1);
        Assert.AreEqual(7f, c[0]);
    }

    [TestMethod]
    public void ShortSpansAreRejected()
    {
        float[] a = new float[6], b = new float[6], c = new float[3];
        Assert.ThrowsExactly<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Sgemm.Multiply(false, false, 1, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
    }

    [TestMethod]
    [DataRow(false, false, 300, 520, 300)]
    [DataRow(false, true, 64, 1024, 256)]
    [DataRow(true, false, 700, 96, 300)]
    public void ParallelAndSerialAreBitIdentical(bool transA, bool transB, int m, int n, int k)
    {
        int lda = transA ? m : k, ldb = transB ? k : n;
        float[] a = Random(m * k, 80);
        float[] b = Random(k * n, 81);
        float[] c0 = Random(m * n, 82);
        float[] serial = (float[])c0.Clone();
        float[] parallel = (float[])c0.Clone();

        Sgemm.Multiply(transA, transB, m, n, k, 0.7f, a, lda, b, ldb, 0.3f, serial, n, allowParallel: false);
        Sgemm.Multiply(transA, transB, m, n, k, 0.7f, a, lda, b, ldb, 0.3f, parallel, n, allowParallel: true);

        CollectionAssert.AreEqual(serial, parallel);
    }

    [TestMethod]
    public void ConcurrentParallelCallsAgree()
    {
        const int m = 96, n = 512, k = 128;
        float[] a = Random(m * k, 90);
        float[] b = Random(k * n, 91);
        float[] expected = new float[m * n];
        Sgemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n, allowParallel: false);

        // Two callers contend for the thread team; the loser runs serially and must produce the same bits.
        var results = new float[4][];
        Parallel.For(0, results.Length, i =>
        {
            var c = new float[m * n];
            for (int rep = 0; rep < 20; rep++)
            {
                Sgemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
            }

            results[i] = c;
        });

        foreach (float[] c in results)
        {
            CollectionAssert.AreEqual(expected, c);
        }
    }

    /// <summary>Bytes this thread and the thread team's allocate over ten calls.</summary>
    private static long SteadyStateAllocation(Action call) => Allocations.OnTeamThreadsDuring(() =>
    {
        for (int i = 0; i < 10; i++)
        {
            call();
        }
    });

    [TestMethod]
    [DoNotParallelize]
    public void SteadyStateCallsDoNotAllocate()
    {
        const int m = 64, n = 1024, k = 256;
        float[] a = Random(m * k, 100);
        float[] b = Random(n * k, 101);
        float[] c = new float[m * n];
        foreach (bool parallel in new[] { false, true })
        {
            // The first call sizes this thread's packing buffer and, in parallel, starts the thread team.
            Sgemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n, parallel);
            Assert.AreEqual(0, SteadyStateAllocation(() => Sgemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n, parallel)), $"parallel={parallel}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(EachKernelAndTranspose))]
    public void PackedBIsBitIdenticalToUnpacked(string kernel, bool transA, bool transB)
    {
        SgemmIsa isa = SgemmKernelCases.Runnable(kernel);
        // 257 and 520 span two and three k blocks; 1030 columns cross NC (1024) and end in a partial strip.
        (int M, int N, int K)[] shapes = [(1, 1, 1), (5, 9, 7), (37, 45, 29), (64, 1030, 257), (300, 65, 520), (13, 33, 256)];
        int seed = 200;
        foreach ((int m, int n, int k) in shapes)
        {
            foreach (float beta in new[] { 0f, 1f, 0.5f })
            {
                CheckPacked(isa, transA, transB, m, n, k, 0.75f, beta, seed++);
            }
        }
    }

    [TestMethod]
    [DoNotParallelize]
    public void PackedBRepackFollowsNewWeightsWithoutAllocating()
    {
        const int m = 32, n = 384, k = 128;
        float[] a = Random(m * k, 300);
        float[] b = Random(n * k, 301);
        var packed = new SgemmPackedB();
        packed.Pack(true, k, n, b, k);

        // New weights of the same shape (in place, as an optimizer step does) are picked up only by a repack,
        // which reuses the buffer.
        Random(n * k, 302).CopyTo(b, 0);
        Assert.AreEqual(0, Allocations.OnTeamThreadsDuring(() => packed.Pack(true, k, n, b, k)), "bytes allocated by the repack");

        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        Sgemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, expected, n, allowParallel: false);
        Sgemm.Multiply(false, m, 1f, a, k, packed, 0f, actual, n, allowParallel: false);
        CollectionAssert.AreEqual(expected, actual);

        // A different shape, and the other transpose, in the same object: smaller reuses, larger grows.
        foreach ((bool transB, int rows, int cols) in new[] { (false, k, n / 3), (false, 2 * k, n) })
        {
            float[] w = Random(rows * cols, 303 + rows);
            packed.Pack(transB, rows, cols, w, cols);
            float[] a2 = Random(m * rows, 304);
            float[] e2 = new float[m * cols];
            float[] r2 = new float[m * cols];
            Sgemm.Multiply(false, transB, m, cols, rows, 1f, a2, rows, w, cols, 0f, e2, cols, allowParallel: false);
            Sgemm.Multiply(false, m, 1f, a2, rows, packed, 0f, r2, cols, allowParallel: false);
            CollectionAssert.AreEqual(e2, r2, $"k={rows} n={cols}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(EachKernelAndFewRows))]
    public void AFewRowsAgainstPackedBGiveTheTiledProductsBits(string kernel, int m, int n, int k)
    {
        // The unpacked call takes the tiled kernel.
        SgemmIsa isa = SgemmKernelCases.Runnable(kernel);
        float[] a = Random(m * k, 320);
        float[] b = Random(n * k, 321);
        float[] c0 = Random(m * n, 322);
        var packed = new SgemmPackedB(isa);
        packed.Pack(true, k, n, b, k);
        foreach ((float alpha, float beta) in new[] { (1f, 0f), (0.7f, 0.3f), (1f, 1f) })
        {
            float[] expected = (float[])c0.Clone();
            float[] actual = (float[])c0.Clone();
            Sgemm.Multiply(isa, false, true, m, n, k, alpha, a, k, b, k, beta, expected, n, allowParallel: false);
            Sgemm.Multiply(false, m, alpha, a, k, packed, beta, actual, n, allowParallel: true);
            CollectionAssert.AreEqual(expected, actual, $"alpha {alpha}, beta {beta}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(EachKernelAndShortLastTile))]
    public void ShortLastTilesGiveTheFullTilesBits(string kernel, int m, int n, int k)
    {
        // The same rows inside a taller product (a whole tile) must come out the same, with either beta.
        SgemmIsa isa = SgemmKernelCases.Runnable(kernel);
        int tall = m + 6;
        float[] a = Random(tall * k, 330);
        float[] b = Random(n * k, 331);
        float[] c0 = Random(tall * n, 332);
        foreach (float beta in new[] { 0f, 0.5f })
        {
            float[] whole = (float[])c0.Clone();
            float[] part = c0[..(m * n)];
            Sgemm.Multiply(isa, false, true, tall, n, k, 1.5f, a, k, b, k, beta, whole, n, allowParallel: false);
            Sgemm.Multiply(isa, false, true, m, n, k, 1.5f, a, k, b, k, beta, part, n, allowParallel: false);
            CollectionAssert.AreEqual(whole[..(m * n)], part, $"{isa}, beta {beta}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(EachKernelAndNarrowLastStrip))]
    public void NarrowLastColumnsGiveTheWideTilesBits(string kernel, int m, int n, int k)
    {
        // The same columns inside a wider product (whole strips) must come out the same, with either beta.
        SgemmIsa isa = SgemmKernelCases.Runnable(kernel);
        int wide = n + 16;
        float[] a = Random(m * k, 340);
        float[] b = Random(wide * k, 341);
        float[] c0 = Random(m * wide, 342);
        foreach (float beta in new[] { 0f, 0.5f })
        {
            float[] whole = (float[])c0.Clone();
            float[] part = (float[])c0.Clone();
            Sgemm.Multiply(isa, false, true, m, wide, k, 1.5f, a, k, b, k, beta, whole, wide, allowParallel: false);
            // The narrow product writes the first n columns of the same rows (leading dimension wide): the rest must stay.
            Sgemm.Multiply(isa, false, true, m, n, k, 1.5f, a, k, b, k, beta, part, wide, allowParallel: false);
            for (int i = 0; i < m; i++)
            {
                CollectionAssert.AreEqual(whole[(i * wide)..(i * wide + n)], part[(i * wide)..(i * wide + n)], $"{isa}, beta {beta}, row {i}");
                CollectionAssert.AreEqual(c0[(i * wide + n)..((i + 1) * wide)], part[(i * wide + n)..((i + 1) * wide)], $"{isa}: columns past n written, row {i}");
            }
        }
    }

    [TestMethod]
    [DataRow(false, 64, 1024, 256)]
    [DataRow(false, 16, 1536, 512)]
    [DataRow(true, 300, 96, 300)]
    public void PackedBParallelAndSerialAreBitIdentical(bool transA, int m, int n, int k)
    {
        float[] a = Random(m * k, 310);
        float[] b = Random(n * k, 311);
        float[] c0 = Random(m * n, 312);
        var packed = new SgemmPackedB();
        packed.Pack(true, k, n, b, k);
        float[] serial = (float[])c0.Clone();
        float[] parallel = (float[])c0.Clone();

        Sgemm.Multiply(transA, m, 0.7f, a, transA ? m : k, packed, 0.3f, serial, n, allowParallel: false);
        Sgemm.Multiply(transA, m, 0.7f, a, transA ? m : k, packed, 0.3f, parallel, n, allowParallel: true);

        CollectionAssert.AreEqual(serial, parallel);
    }

    [TestMethod]
    [DoNotParallelize]
    public void PackedBSteadyStateCallsDoNotAllocate()
    {
        const int m = 64, n = 1024, k = 256;
        float[] a = Random(m * k, 320);
        var packed = new SgemmPackedB();
        packed.Pack(true, k, n, Random(n * k, 321), k);
        float[] c = new float[m * n];
        foreach (bool parallel in new[] { false, true })
        {
            Sgemm.Multiply(false, m, 1f, a, k, packed, 0f, c, n, parallel);
            Assert.AreEqual(0, SteadyStateAllocation(() => Sgemm.Multiply(false, m, 1f, a, k, packed, 0f, c, n, parallel)), $"parallel={parallel}");
        }
    }

    [TestMethod]
    public void PackedBRejectsShortSpans()
    {
        var packed = new SgemmPackedB();
        Assert.ThrowsExactly<ArgumentException>(() => packed.Pack(true, 8, 8, new float[63], 8));
        packed.Pack(false, 8, 8, new float[64], 8);
        Assert.ThrowsExactly<ArgumentException>(() => Sgemm.Multiply(false, 4, 1f, new float[31], 8, packed, 0f, new float[32], 8));
        Assert.ThrowsExactly<ArgumentException>(() => Sgemm.Multiply(false, 4, 1f, new float[32], 8, packed, 0f, new float[31], 8));
    }

    // Builds operands with row strides padded by `pad`, runs both paths and compares every element of C,
    // and checks that the padding of C is left untouched.
    private static void Check(SgemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int pad, int seed)
    {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = Random(Math.Max(0, ((aRows - 1) * lda) + aCols), seed);
        float[] b = Random(Math.Max(0, ((bRows - 1) * ldb) + bCols), seed + 1000);
        float[] c = Random(((m - 1) * ldc) + n, seed + 2000);
        double[] expected = Reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        float[] before = (float[])c.Clone();

        foreach (bool parallel in new[] { false, true })
        {
            float[] actual = (float[])before.Clone();
            Sgemm.Multiply(isa, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc, parallel);
            string label = $"{isa} {(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')} m={m} n={n} k={k} alpha={alpha} beta={beta} pad={pad} parallel={parallel}";
            AssertClose(expected, actual, m, n, ldc, k, label);
            for (int i = 0; i < m - 1; i++)
            {
                for (int j = n; j < ldc; j++)
                {
                    Assert.AreEqual(before[(i * ldc) + j], actual[(i * ldc) + j], $"{label}: padding of C changed");
                }
            }
        }
    }

    // The packed-B product must equal the unpacked one bit for bit (same kernel, same k blocks), serial and parallel.
    private static void CheckPacked(SgemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int seed)
    {
        // B's rows are padded so the packing honours its leading dimension.
        int lda = transA ? m : k, ldb = (transB ? k : n) + 3;
        float[] a = Random(m * k, seed);
        float[] b = Random((transB ? n : k) * ldb, seed + 1000);
        float[] c = Random(m * n, seed + 2000);
        float[] expected = (float[])c.Clone();
        Sgemm.Multiply(isa, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, n, allowParallel: false);

        var packed = new SgemmPackedB(isa);
        packed.Pack(transB, k, n, b, ldb);
        foreach (bool parallel in new[] { false, true })
        {
            float[] actual = (float[])c.Clone();
            Sgemm.Multiply(transA, m, alpha, a, lda, packed, beta, actual, n, parallel);
            CollectionAssert.AreEqual(expected, actual, $"{isa} {(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')} m={m} n={n} k={k} beta={beta} parallel={parallel}");
        }
    }

    private static double[] Reference(
        bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += av * bv;
                }

                result[(i * n) + j] = (alpha * sum) + (beta == 0 ? 0 : beta * (double)c[(i * ldc) + j]);
            }
        }

        return result;
    }

    // Float accumulation error grows like sqrt(k) for random signs; the scale is the magnitude of the terms.
    private static void AssertClose(double[] expected, float[] actual, int m, int n, int ldc, int k, string label)
    {
        double tolerance = 1e-5 * Math.Sqrt(Math.Max(k, 1)) * 4;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double e = expected[(i * n) + j];
                float v = actual[(i * ldc) + j];
                Bound.Near(v, e, tolerance * Math.Max(1, Math.Abs(e)), $"{label}: ({i}, {j})");
            }
        }
    }

    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
