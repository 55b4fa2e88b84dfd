namespace MLNet.Rnn.Tests.Packaging;

/// <summary>
/// The ML.NET versions CI proves MLNet.Rnn on, which the package's dependency range (Directory.Packages.props) and the
/// README declare: the library compiles against each one's internals, and apps restored from the packages run on each.
/// </summary>
internal static class MLNetVersions
{
    /// <summary>The version the repository builds against (MicrosoftMLVersion), the lower bound of the range.</summary>
    public const string Built = "5.0.1";

    /// <summary>The newest version tested, below the range's upper bound.</summary>
    public const string Newest = "6.0.0";

    /// <summary>The release of ML.NET's ONNX converter that goes with an ML.NET version.</summary>
    public static string OnnxConverterFor(string mlnetVersion) => mlnetVersion == Built ? "0.23.1" : "0.24.0";

    /// <summary>The dependency on Microsoft.ML the MLNet.Rnn package declares.</summary>
    public const string DeclaredRange = "[5.0.1, 7.0.0)";
}
