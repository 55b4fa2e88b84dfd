using System.Diagnostics;

namespace MLNet.Rnn.Benchmarks;

/// <summary>Warm-up that waits for the JIT's final code, and medians of timed calls.</summary>
/// <remarks>
/// Tiered compilation first runs quickly jitted code and replaces hot methods with optimised code only after about
/// 30 calls and a quiet period with no new methods to jit, on a background thread: a fixed handful of warm-up calls
/// times the first case on code that is still being replaced (a forward pass read 2.7x slower that way). Warming
/// up until the timings stop falling measures the code a long-running app runs.
/// </remarks>
internal static class Timing
{
    private const int MinimumCalls = 20, Window = 5;
    private static readonly TimeSpan MinimumTime = TimeSpan.FromSeconds(1), MaximumTime = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Calls <paramref name="action"/> for at least a second and 20 calls, then until the median of the latest five
    /// calls is no more than 2% below the median of the five before (or 20 s have passed).
    /// </summary>
    public static void WarmUp(Action action)
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < MaximumTime)
        {
            times.Add(Milliseconds(action));
            if (times.Count >= MinimumCalls && clock.Elapsed >= MinimumTime
                && Median(times.GetRange(times.Count - Window, Window)) >= 0.98 * Median(times.GetRange(times.Count - 2 * Window, Window)))
                return;
        }
    }

    /// <summary>The median time of <paramref name="repeats"/> calls, in milliseconds, after <see cref="WarmUp"/>.</summary>
    public static double MedianMilliseconds(Action action, int repeats)
    {
        WarmUp(action);
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
            times[r] = Milliseconds(action);
        return Median(times);
    }

    public static double Milliseconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
