using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace MLNet.Rnn.Compute;

/// <summary>Work split into parts that threads run independently: part <c>part</c> of <c>parts</c>.</summary>
internal interface ITeamJob
{
    void RunPart(int part, int parts);
}

/// <summary>
/// A fixed team of background threads that run the parts of one job (a parallel <see cref="Sgemm"/> call, or the time
/// steps of a recurrent layer split by sequences or directions) alongside the calling thread.
/// </summary>
/// <remarks>
/// Parallel.For would do, but it allocates on every call and wakes thread-pool workers with more latency than the
/// per-time-step work of a recurrent layer can hide. Here each worker waits on its own semaphore, the caller runs
/// part 0 itself, and completion is a countdown plus one event; the job is a struct held in a static slot of its own
/// type, so a call allocates nothing. Both sides poll for a short while before blocking, because waking a blocked
/// thread costs tens of microseconds on a virtual machine and a recurrent layer issues its next job only a few
/// microseconds after the last one. One job runs at a time; a caller that finds the team busy runs the parts itself,
/// which gives the same bits because no job's result depends on how it was split.
/// </remarks>
internal static class ThreadTeam
{
    /// <summary>Threads a job may use, the caller included.</summary>
    public static readonly int MaxThreads = Math.Clamp(Environment.ProcessorCount, 1, 64);

    // How long a worker polls for the next job, and the caller for the workers, before blocking (200 us).
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000;

    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim[] Start = CreateWorkers();
    private static readonly ManualResetEventSlim Done = new(initialState: true);
    private static Action<int, int> run = (_, _) => { };
    private static int parts;
    private static int pending;
    private static Exception? failure;

    /// <summary>Whether the calling thread is one of the team's workers (a job's part must not start another job).</summary>
    [ThreadStatic]
    private static bool isWorker;

    /// <summary>
    /// Runs <c>job.RunPart(i, count)</c> for every i below <paramref name="count"/>, returning when all are done: on the
    /// team when it is free, otherwise one after the other on the calling thread.
    /// </summary>
    public static void Run<TJob>(in TJob job, int count)
        where TJob : struct, ITeamJob
    {
        if (!TryRunTogether(job, count))
        {
            for (int part = 0; part < count; part++)
                job.RunPart(part, count);
        }
    }

    /// <summary>
    /// Runs the parts of <paramref name="job"/> at the same time, one per thread, and returns true; or returns false,
    /// having run nothing, when the team cannot take them all at once (it is busy, this is a part of another job, or
    /// there are fewer threads). For jobs whose parts wait for each other, which must never run one after the other.
    /// </summary>
    public static bool TryRunTogether<TJob>(in TJob job, int count)
        where TJob : struct, ITeamJob
    {
        // A part of a running job (on a worker, or part 0 on the caller, who holds the reentrant gate) runs nested jobs itself.
        if (count < 2 || count > MaxThreads || isWorker || Gate.IsHeldByCurrentThread || !Gate.TryEnter())
            return false;

        try
        {
            Slot<TJob>.Job = job;
            run = Slot<TJob>.Run;
            parts = count;
            failure = null;
            Volatile.Write(ref pending, count - 1);
            Done.Reset();
            for (int w = 1; w < count; w++)
                Start[w - 1].Release();

            Exception? own = null;
            try
            {
                job.RunPart(0, count);
            }
            catch (Exception ex)
            {
                own = ex;
            }

            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref pending) != 0 && Stopwatch.GetTimestamp() < deadline)
                Thread.SpinWait(16);
            Done.Wait();
            Slot<TJob>.Job = default;
            if ((own ?? failure) is { } error)
                ExceptionDispatchInfo.Capture(error).Throw();
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
            var thread = new Thread(() => WorkerLoop(signal, part)) { IsBackground = true, Name = $"MLNet.Rnn worker {part}" };
            thread.Start();
        }
        return start;
    }

    private static void WorkerLoop(SemaphoreSlim start, int part)
    {
        isWorker = true;
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (start.CurrentCount == 0 && Stopwatch.GetTimestamp() < deadline)
                Thread.SpinWait(16);
            start.Wait();
            try
            {
                run(part, parts);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            if (Interlocked.Decrement(ref pending) == 0)
                Done.Set();
        }
    }

    /// <summary>The running job of one type, and a delegate to it made once per type, so a call allocates nothing.</summary>
    private static class Slot<TJob>
        where TJob : struct, ITeamJob
    {
        public static TJob Job;

        public static readonly Action<int, int> Run = static (part, count) => Job.RunPart(part, count);
    }
}
