using System.Text.RegularExpressions;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Every use of ML.NET's internal members lives in src/MLNet.Rnn/MLNetInternals, so an ML.NET upgrade is a
/// one-place change: a copy of the library without that folder, compiled against ML.NET's real assemblies, fails
/// only for want of the folder's own types.
/// </summary>
[TestClass]
public sealed partial class InternalsFolderTests
{
    [TestMethod]
    public void OutsideTheInternalsFolderTheLibraryNeedsOnlyMLNetsPublicApi()
    {
        string root = RepositoryPaths.RequireRoot();
        string source = Path.Combine(root, "src", "MLNet.Rnn");
        var folderTypes = Directory.GetFiles(Path.Combine(source, "MLNetInternals"), "*.cs")
            .SelectMany(file => TypeDeclaration().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))
            .ToHashSet();
        string copy = Directory.CreateTempSubdirectory("mlnet-rnn-internals-").FullName;
        try
        {
            foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config", Path.Combine("eng", "Publicize.targets") })
                CopyFile(Path.Combine(root, file), Path.Combine(copy, file));
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                string top = relative.Split(Path.DirectorySeparatorChar)[0];
                if (top is not ("bin" or "obj" or "MLNetInternals"))
                    CopyFile(file, Path.Combine(copy, "src", "MLNet.Rnn", relative));
            }

            var errors = Build(Path.Combine(copy, "src", "MLNet.Rnn"));

            Assert.IsNotEmpty(errors, "without the folder something must be missing, or the check checks nothing");
            foreach (string error in errors)
            {
                var missing = MissingName().Match(error);
                Assert.IsTrue(missing.Success && folderTypes.Contains(missing.Groups["name"].Value),
                    $"code outside MLNetInternals uses something ML.NET keeps internal (or another error): {error}");
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    /// <summary>The distinct compile errors of building <paramref name="project"/> against ML.NET's real assemblies.</summary>
    private static List<string> Build(string project)
    {
        var (_, output) = ChildProcess.Run("dotnet", project, "build", "-c", "Release", "-p:UsePublicizedReferences=false", "-clp:NoSummary");
        var lines = output.Split('\n').Where(line => line.Contains(": error ")).Select(line => line.Trim()).Distinct().ToList();
        Assert.IsTrue(lines.All(line => line.Contains(": error CS")), $"the build failed for another reason:\n{output}");
        return lines;
    }

    [GeneratedRegex(@"(class|struct|record|interface) (?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"error CS(0103|0246): The (type or namespace )?name '(?<name>\w+)'")]
    private static partial Regex MissingName();
}
