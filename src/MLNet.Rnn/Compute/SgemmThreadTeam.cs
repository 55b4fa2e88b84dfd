using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace MLNet.Rnn.Compute;

/// <summary>
/// A fixed team of background threads that run the parts of one parallel <see cref="Sgemm"/> call alongside the
/// calling thread.
/// </summary>
/// <remarks>
/// Parallel.For would do, but it allocates on every call and wakes thread-pool workers with more latency than the
/// per-time-step GEMMs of a recurrent layer can hide. Here each worker waits on its own semaphore, the caller runs
/// part 0 itself, and completion is a countdown plus one event: no allocation per call. Both sides poll for a
/// short while before blocking, because waking a blocked thread costs tens of microseconds on a virtual machine
/// and a recurrent layer issues its next GEMM only a few microseconds after the last one. One parallel call runs
/// at a time; a caller that finds the team busy runs serially, which gives the same bits because the result never
/// depends on how the work was split.
/// </remarks>
internal static unsafe class SgemmThreadTeam
{
    /// <summary>Threads a call may use, the caller included.</summary>
    public static readonly int MaxThreads = Math.Clamp(Environment.ProcessorCount, 1, 64);

    // How long a worker polls for the next call, and the caller for the workers, before blocking (200 us).
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000;

    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim[] Start = CreateWorkers();
    private static readonly ManualResetEventSlim Done = new(initialState: true);
    private static SgemmJob job;
    private static int parts;
    private static int pending;
    private static Exception? failure;

    /// <summary>
    /// Runs <c>work.RunPart(i, count)</c> for every i below <paramref name="count"/>, returning when all are done.
    /// Returns false, having run nothing, when another call holds the team.
    /// </summary>
    public static bool TryRun(in SgemmJob work, int count)
    {
        if (!Gate.TryEnter())
        {
            return false;
        }

        try
        {
            job = work;
            parts = count;
            failure = null;
            Volatile.Write(ref pending, count - 1);
            if (count > 1)
            {
                Done.Reset();
            }

            for (int w = 1; w < count; w++)
            {
                Start[w - 1].Release();
            }

            Exception? own = null;
            try
            {
                work.RunPart(0, count);
            }
            catch (Exception ex)
            {
                own = ex;
            }

            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref pending) != 0 && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(16);
            }

            Done.Wait();
            Exception? error = own ?? failure;
            if (error is not null)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }

            return true;
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static SemaphoreSlim[] CreateWorkers()
    {
        var start = new SemaphoreSlim[MaxThreads - 1];
        for (int w = 0; w < start.Length; w++)
        {
            var signal = new SemaphoreSlim(0);
            start[w] = signal;
            int part = w + 1;
            var thread = new Thread(() => WorkerLoop(signal, part)) { IsBackground = true, Name = $"Sgemm worker {part}" };
            thread.Start();
        }

        return start;
    }

    private static void WorkerLoop(SemaphoreSlim start, int part)
    {
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (start.CurrentCount == 0 && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(16);
            }

            start.Wait();
            try
            {
                job.RunPart(part, parts);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (Interlocked.Decrement(ref pending) == 0)
            {
                Done.Set();
            }
        }
    }
}
