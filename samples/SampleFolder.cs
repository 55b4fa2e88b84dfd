// Where a sample keeps its model, the same for its training program and its app wherever they are run from. Every
// sample's programs compile this file (samples/Sample.props).
using System.Reflection;

namespace Samples;

/// <summary>The running sample's folder (samples/Sentiment, ...), where its model lives.</summary>
internal static class SampleFolder
{
    /// <summary>The folder above the sample's Training and App projects, as Sample.props recorded it at build.</summary>
    public static string FullName { get; } = typeof(SampleFolder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleFolder").Value!;

    /// <summary>Where the sample keeps <paramref name="fileName"/>.</summary>
    public static string PathOf(string fileName) => Path.Combine(FullName, fileName);

    /// <summary>
    /// Whether the model is there. If not, says so on the error stream with the command that trains it, written for
    /// the current directory: an app run before its training program should say what to do, not print a stack trace.
    /// </summary>
    public static bool HasModel(string modelPath)
    {
        if (File.Exists(modelPath))
            return true;
        string training = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(FullName, "Training"));
        Console.Error.WriteLine($"{modelPath} was not found. Train the model first: dotnet run -c Release --project {(training.Contains(' ') ? $"\"{training}\"" : training)}");
        return false;
    }
}
