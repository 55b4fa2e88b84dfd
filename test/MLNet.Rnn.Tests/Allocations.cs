using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests;

/// <summary>
/// Bytes allocated while an action runs, on more than the calling thread: the whole process's, for bounds, and the
/// calling thread's plus every thread team worker's, for "nothing at all". Another test class running meanwhile would be
/// counted too, so the tests that measure are marked [DoNotParallelize], which runs them after the parallel ones, one
/// at a time.
/// </summary>
/// <remarks>
/// The whole process's count cannot show nothing at all: the test host allocates on its own, a few hundred bytes every
/// 100 ms or so (a poll on the thread pool) and tens of kilobytes every 1.5 s (vstest's result cache flushing).
/// </remarks>
internal static class Allocations
{
    // One slot per thread of the team, the caller's at 0; filled in place, so reading the counts allocates nothing.
    private static readonly long[] TeamCounts = new long[ThreadTeam.MaxThreads];

    /// <summary>What <paramref name="action"/> returned, and the bytes the whole process allocated while it ran.</summary>
    public static (T Result, long Bytes) During<T>(Func<T> action)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        T result = action();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    /// <summary>The bytes the calling thread and the thread team's workers allocated while <paramref name="action"/> ran.</summary>
    public static long OnTeamThreadsDuring(Action action)
    {
        WarmThreadTeam();
        long before = TeamThreadsAllocated();
        action();
        return TeamThreadsAllocated() - before;
    }

    /// <summary>
    /// Makes the thread team's one-off allocations: its threads, and the lock object of its completion event, which is
    /// made the first time a caller really blocks on it (when the workers take longer than the caller polls), something
    /// a few warm-up calls on an idle machine need not do.
    /// </summary>
    private static void WarmThreadTeam() => ThreadTeam.Run(new SlowWorkers(), ThreadTeam.MaxThreads);

    private static long TeamThreadsAllocated()
    {
        // Each worker always runs the same part, so each slot is one thread's count; with no team, the caller alone.
        if (!ThreadTeam.TryRunTogether(new ReadCounts(), ThreadTeam.MaxThreads))
        {
            Assert.AreEqual(1, ThreadTeam.MaxThreads, "the thread team is busy: is a test measuring allocations not marked [DoNotParallelize]?");
            TeamCounts[0] = GC.GetAllocatedBytesForCurrentThread();
        }
        long sum = 0;
        foreach (long count in TeamCounts)
            sum += count;
        return sum;
    }

    private readonly struct ReadCounts : ITeamJob
    {
        public void RunPart(int part, int parts) => TeamCounts[part] = GC.GetAllocatedBytesForCurrentThread();
    }

    private readonly struct SlowWorkers : ITeamJob
    {
        // 5 ms: far longer than the caller polls (200 us) before it blocks.
        public void RunPart(int part, int parts)
        {
            if (part != 0)
                Thread.Sleep(5);
        }
    }
}
