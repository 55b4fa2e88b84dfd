// Where a sample's training program finds the datasets, the same wherever it is run from. Every training program
// compiles this file.
namespace Samples;

/// <summary>The datasets folder of a training program: its first argument, or the shared/datasets found above the sample.</summary>
internal static class SampleDatasets
{
    /// <summary>
    /// The file <paramref name="parts"/> in the datasets folder: the folder given as the program's first argument
    /// (relative to the current directory, as any path argument), else shared/datasets in the sample's folder or the
    /// nearest folder above it; the repository's sibling ../shared/datasets is one. The path is returned whether or
    /// not the file is there, so the program can say where it looked.
    /// </summary>
    public static string PathOf(string[] args, params string[] parts)
    {
        string datasets = args.Length > 0 ? Path.GetFullPath(args[0]) : Find() ?? BesideTheRepository;
        return Path.Combine([datasets, .. parts]);
    }

    /// <summary>What a program prints when a file it needs is not there.</summary>
    public static string NotFound(string path) =>
        $"{path} was not found: put the datasets in shared/datasets beside the repository, or give their folder as the first argument.";

    // samples/X is two levels below the repository root; when nothing is found, name the place the README gives.
    private static string BesideTheRepository => Path.GetFullPath(Path.Combine(SampleFolder.FullName, "..", "..", "..", "shared", "datasets"));

    private static string? Find()
    {
        for (var folder = new DirectoryInfo(SampleFolder.FullName); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
