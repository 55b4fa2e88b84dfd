namespace MLNet.Rnn.Tests;

/// <summary>
/// Bounds on measured values that fail on NaN. MSTest 4.5.2's <c>Assert.IsLessThan</c> and its siblings compare with
/// <c>CompareTo</c>, for which NaN is below every number, so a NaN error or metric passes an upper bound; its
/// <c>AreEqual</c> with a delta passes two NaNs. Every bound, and every tolerance between two measured values, in
/// these tests goes through here instead.
/// </summary>
internal static class Bound
{
    /// <summary>Fails unless <paramref name="value"/> &lt; <paramref name="limit"/>.</summary>
    public static void Below(double value, double limit, string what) =>
        Check(value < limit, value, $"below {limit}", what);

    /// <summary>Fails unless <paramref name="value"/> &lt;= <paramref name="limit"/>.</summary>
    public static void AtMost(double value, double limit, string what) =>
        Check(value <= limit, value, $"at most {limit}", what);

    /// <summary>Fails unless <paramref name="value"/> &gt; <paramref name="limit"/>.</summary>
    public static void Above(double value, double limit, string what) =>
        Check(value > limit, value, $"above {limit}", what);

    /// <summary>Fails unless <paramref name="value"/> &gt;= <paramref name="limit"/>.</summary>
    public static void AtLeast(double value, double limit, string what) =>
        Check(value >= limit, value, $"at least {limit}", what);

    /// <summary>Fails unless |<paramref name="actual"/> - <paramref name="expected"/>| &lt;= <paramref name="tolerance"/>, and on NaN in either.</summary>
    public static void Near(double actual, double expected, double tolerance, string what) =>
        Check(Math.Abs(actual - expected) <= tolerance, actual, $"within {tolerance} of {expected}", what);

    // Written as "the comparison holds", never "the opposite fails": every comparison with NaN is false.
    private static void Check(bool holds, double value, string expectation, string what)
    {
        if (!holds)
            Assert.Fail($"{what}: {value} is not {expectation}.");
    }
}
