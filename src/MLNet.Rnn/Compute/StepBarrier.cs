namespace MLNet.Rnn.Compute;

/// <summary>
/// A barrier for the parts of one <see cref="ThreadTeam"/> job that must meet once per time step (threads sharing the
/// hidden units of one recurrent layer): the last to arrive releases the others, who spin, then yield, while they
/// wait; it never sleeps, since a step takes microseconds. A part that fails breaks it, so the others stop waiting.
/// </summary>
internal sealed class StepBarrier
{
    private int _arrived;
    private int _generation;
    private volatile bool _broken;

    /// <summary>Readies the barrier for a new job.</summary>
    public void Reset()
    {
        _arrived = 0;
        _broken = false;
    }

    /// <summary>Releases every waiting part with an exception: one part failed and will not arrive.</summary>
    public void Break() => _broken = true;

    /// <summary>Waits until all <paramref name="parties"/> have called this for the current step.</summary>
    /// <exception cref="OperationCanceledException">Another part failed.</exception>
    public void SignalAndWait(int parties)
    {
        int generation = Volatile.Read(ref _generation);
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            Volatile.Write(ref _arrived, 0);
            Interlocked.Increment(ref _generation);
            return;
        }
        var spinner = new SpinWait();
        while (Volatile.Read(ref _generation) == generation)
        {
            if (_broken)
                throw new OperationCanceledException("Another thread sharing this step failed.");
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
