using System.Text.RegularExpressions;
using MLNet.Rnn.Tests.Packaging;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Every use of ML.NET's internal members lives in src/MLNet.Rnn/MLNetInternals, so an ML.NET upgrade is a
/// one-place change: a copy of the library without that folder, compiled against ML.NET's real assemblies, fails
/// only for want of the folder's own types, on each ML.NET version the package supports. With the folder, the library
/// compiles against the newest one's publicized assemblies as it does against those of the version the repository
/// builds with. The copies are built in a temporary folder, so the repository's own build is left as it is.
/// </summary>
[TestClass]
public sealed partial class InternalsFolderTests
{
    [TestMethod]
    [DataRow(MLNetVersions.Built)]
    [DataRow(MLNetVersions.Newest)]
    public void OutsideTheInternalsFolderTheLibraryNeedsOnlyMLNetsPublicApi(string mlnetVersion)
    {
        string root = RepositoryPaths.RequireRoot();
        var folderTypes = Directory.GetFiles(Path.Combine(root, "src", "MLNet.Rnn", "MLNetInternals"), "*.cs")
            .SelectMany(file => TypeDeclaration().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))
            .ToHashSet();
        string copy = CopyLibrary(root, withInternalsFolder: false);
        try
        {
            // Only the compiler's verdict on names matters here: analyzers, whose findings on a library missing a
            // folder mean nothing, do not run (which also saves time).
            var (_, output) = Build(copy, mlnetVersion, "-p:UsePublicizedReferences=false", "-p:RunAnalyzers=false");

            var errors = output.Split('\n').Where(line => line.Contains(": error ")).Select(line => line.Trim()).Distinct().ToList();
            Assert.IsTrue(errors.All(line => line.Contains(": error CS")), $"the build failed for another reason:\n{output}");
            Assert.IsNotEmpty(errors, "without the folder something must be missing, or the check checks nothing");
            foreach (string error in errors)
            {
                var missing = MissingName().Match(error);
                Assert.IsTrue(missing.Success && folderTypes.Contains(missing.Groups["name"].Value),
                    $"code outside MLNetInternals uses something ML.NET {mlnetVersion} keeps internal (or another error): {error}");
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [TestMethod]
    public void TheLibraryCompilesAgainstTheNewestMLNetsInternals()
    {
        string copy = CopyLibrary(RepositoryPaths.RequireRoot(), withInternalsFolder: true);
        try
        {
            var (code, output) = Build(copy, MLNetVersions.Newest);

            Assert.AreEqual(0, code, output);
            Assert.IsFalse(output.Contains(": warning "), output);
            string assets = File.ReadAllText(Path.Combine(copy, "src", "MLNet.Rnn", "obj", "project.assets.json"));
            StringAssert.Contains(assets, $"\"Microsoft.ML/{MLNetVersions.Newest}\"", "the copy restored another ML.NET");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>
    /// A copy of what building src/MLNet.Rnn reads (the build settings, the publicizer, the library's sources), with or
    /// without the MLNetInternals folder, in a new temporary folder.
    /// </summary>
    private static string CopyLibrary(string root, bool withInternalsFolder)
    {
        string copy = Directory.CreateTempSubdirectory("mlnet-rnn-internals-").FullName;
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config", Path.Combine("eng", "Publicize.targets"),
                     Path.Combine("src", "Directory.Build.props"), Path.Combine("src", "Version.props") })
            CopyFile(Path.Combine(root, file), Path.Combine(copy, file));
        foreach (string folder in new[] { Path.Combine("src", "MLNet.Rnn"), Path.Combine("eng", "Publicizer") })
        {
            string source = Path.Combine(root, folder);
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                string top = relative.Split(Path.DirectorySeparatorChar)[0];
                if (top is not ("bin" or "obj") && (withInternalsFolder || top != "MLNetInternals"))
                    CopyFile(file, Path.Combine(copy, folder, relative));
            }
        }
        return copy;
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    /// <summary>Builds the copy's library against ML.NET <paramref name="mlnetVersion"/>; the exit code and what it printed.</summary>
    private static (int Code, string Output) Build(string copy, string mlnetVersion, params string[] properties) =>
        ChildProcess.Run("dotnet", copy, ["build", Path.Combine("src", "MLNet.Rnn"), "-c", "Release", $"-p:MicrosoftMLVersion={mlnetVersion}", "-clp:NoSummary", .. properties]);

    [GeneratedRegex(@"(class|struct|record|interface) (?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"error CS(0103|0246): The (type or namespace )?name '(?<name>\w+)'")]
    private static partial Regex MissingName();
}
