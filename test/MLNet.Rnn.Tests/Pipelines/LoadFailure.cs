using System.Diagnostics;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Whether a failed <c>Model.Load</c> failed as documented, judged by the type of the innermost exception thrown
/// outside the base class library and by whose code threw it: ML.NET's when its Contracts marked the exception (their
/// checks may be inlined into a caller, leaving no frame of ML.NET's), otherwise the assembly of its innermost frame
/// outside the library. So what the runtime throws on a caller's behalf (a corrupt zip, an assembly that will not
/// load) counts as that caller's, and an exception the library throws and wraps inside itself as the wrapper's.
/// </summary>
internal static class LoadFailure
{
    /// <summary>The key ML.NET's Contracts set in the data of each exception they make (their IsMarkedKey, internal to ML.NET).</summary>
    public const string MarkedByMLNet = "ML_IsMarked";

    /// <summary>
    /// "MLNet.Rnn's InvalidDataException", or where <paramref name="mlNetBytesDamaged"/> (ML.NET's own entries or the
    /// zip were changed) also "ML.NET's ..." for what ML.NET's code throws at a damaged file; any other failure fails
    /// the test, above all any exception but <see cref="InvalidDataException"/> thrown from MLNet.Rnn's code.
    /// </summary>
    public static string Outcome(Exception error, bool mlNetBytesDamaged, string what)
    {
        var (cause, thrower, byMLNet) = Thrower(error);
        if (mlNetBytesDamaged && byMLNet)
        {
            // ML.NET's Contracts throw FormatException for a corrupt model, and ArgumentException, InvalidOperationException,
            // IOException or NotSupportedException; the zip reader InvalidDataException; a damaged assembly name makes
            // Assembly.Load throw an IOException or (a bad culture) an ArgumentException. A NullReferenceException is none.
            Assert.IsTrue(cause is FormatException or InvalidDataException or IOException or ArgumentException or InvalidOperationException or NotSupportedException,
                $"{what}: {thrower} threw {cause.GetType().Name}, which ML.NET does not throw for a damaged file: {error}");
            return $"ML.NET's {cause.GetType().Name}";
        }
        Assert.IsTrue(thrower == "MLNet.Rnn" && cause is InvalidDataException,
            $"{what}: {cause.GetType().Name} thrown by {thrower}, where MLNet.Rnn's InvalidDataException was expected: {error}");
        return "MLNet.Rnn's InvalidDataException";
    }

    private static (Exception Cause, string Thrower, bool ByMLNet) Thrower(Exception error)
    {
        var chain = new List<Exception>();
        for (Exception? e = error; e is not null; e = e.InnerException)
            chain.Add(e);
        chain.Reverse();
        foreach (var e in chain)
        {
            if (e.Data.Contains(MarkedByMLNet))
                return (e, "ML.NET's Contracts", true);
            string? thrower = new StackTrace(e).GetFrames()
                .Select(frame => frame.GetMethod()?.Module.Assembly.GetName().Name)
                .FirstOrDefault(name => name is not null && !IsBaseLibrary(name));
            if (thrower is not null)
                return (e, thrower, thrower == "Microsoft.ML" || thrower.StartsWith("Microsoft.ML.", StringComparison.Ordinal));
        }
        return (error.GetBaseException(), "the base class library alone", false);
    }

    private static bool IsBaseLibrary(string assembly) =>
        assembly is "System" or "mscorlib" or "netstandard" || assembly.StartsWith("System.", StringComparison.Ordinal);
}
