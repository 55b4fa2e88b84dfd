using System.Diagnostics;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Whether a failed <c>Model.Load</c> failed as documented, judged by the innermost exception thrown by code outside
/// the base class library and by whose code that is (its innermost frame outside the library): what the runtime
/// throws on a caller's behalf (a corrupt zip, an assembly that will not load) counts as that caller's, and an
/// exception the library throws and wraps inside itself counts as the wrapper's.
/// </summary>
internal static class LoadFailure
{
    /// <summary>
    /// "MLNet.Rnn's InvalidDataException", or where <paramref name="mlNetBytesDamaged"/> (ML.NET's own entries or the
    /// zip were changed) also "ML.NET's ..." for what ML.NET's code throws at a damaged file; any other failure fails
    /// the test, above all any exception but <see cref="InvalidDataException"/> thrown from MLNet.Rnn's code.
    /// </summary>
    public static string Outcome(Exception error, bool mlNetBytesDamaged, string what)
    {
        var (cause, thrower) = Thrower(error);
        if (mlNetBytesDamaged && (thrower == "Microsoft.ML" || thrower.StartsWith("Microsoft.ML.", StringComparison.Ordinal)))
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

    private static (Exception Cause, string Thrower) Thrower(Exception error)
    {
        var chain = new List<Exception>();
        for (Exception? e = error; e is not null; e = e.InnerException)
            chain.Add(e);
        chain.Reverse();
        foreach (var e in chain)
        {
            string? thrower = new StackTrace(e).GetFrames()
                .Select(frame => frame.GetMethod()?.Module.Assembly.GetName().Name)
                .FirstOrDefault(name => name is not null && !IsBaseLibrary(name));
            if (thrower is not null)
                return (e, thrower);
        }
        return (error.GetBaseException(), "the base class library alone");
    }

    private static bool IsBaseLibrary(string assembly) =>
        assembly is "System" or "mscorlib" or "netstandard" || assembly.StartsWith("System.", StringComparison.Ordinal);
}
