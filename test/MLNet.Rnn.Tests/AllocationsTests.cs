using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests;

[TestClass]
[DoNotParallelize]
public sealed class AllocationsTests
{
    private static readonly object?[] Kept = new object?[ThreadTeam.MaxThreads];

    [TestMethod]
    public void WhatTheThreadTeamsWorkersAllocateIsCounted()
    {
        if (ThreadTeam.MaxThreads < 2)
            Assert.Inconclusive("One core: there is no thread team to count.");
        // Once before, so that the measured run makes no one-off allocation of its own on the caller.
        ThreadTeam.Run(new AllocateOnWorkers(), ThreadTeam.MaxThreads);
        long onCaller = -1;

        long counted = Allocations.OnTeamThreadsDuring(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            ThreadTeam.Run(new AllocateOnWorkers(), ThreadTeam.MaxThreads);
            onCaller = GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.AreEqual(0, onCaller, "the calling thread's own count, which the allocation tests used to read, sees nothing");
        Bound.AtLeast(counted, 1000 * (ThreadTeam.MaxThreads - 1), "bytes counted on the caller and the team");
    }

    private readonly struct AllocateOnWorkers : ITeamJob
    {
        // Kept in a static, so the compiler cannot put the array on the stack.
        public void RunPart(int part, int parts) => Kept[part] = part == 0 ? null : new byte[1000];
    }
}
