using System.Runtime.CompilerServices;

namespace MLNet.Rnn.Tests;

/// <summary>
/// Where the repository and <c>../shared</c> (parity scripts, datasets) are, for tests that read files beside the
/// code; a test whose files are absent is marked inconclusive with the reason.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>
    /// The repository root: found above the test binaries, or else from this source file's compile-time path
    /// (builds with a separate artifacts folder put the binaries outside the repository). Null when neither works.
    /// </summary>
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (IsRoot(dir.FullName))
                return dir.FullName;
        }
        // This file is test/MLNet.Rnn.Tests/RepositoryPaths.cs: three levels below the root.
        string? fromSource = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(ThisFile())));
        return fromSource is not null && IsRoot(fromSource) ? fromSource : null;
    }

    /// <summary>The repository root, or the test is inconclusive.</summary>
    public static string RequireRoot() =>
        Root() ?? Inconclusive("The repository root (MLNet.Rnn.sln) was not found above the test binaries or this source file.");

    /// <summary><c>shared/<paramref name="child"/></c> inside or beside the repository, or the test is inconclusive.</summary>
    public static string Shared(string child) =>
        FindShared(child) ?? Inconclusive($"shared/{child} was not found beside the repository; this test needs it.");

    /// <summary><c>shared/<paramref name="child"/></c> inside or beside the repository, or null, for a test that checks what happens either way.</summary>
    public static string? FindShared(string child)
    {
        if (Root() is { } root)
        {
            foreach (var candidate in new[] { Path.Combine(root, "shared", child), Path.Combine(root, "..", "shared", child) })
            {
                if (Directory.Exists(candidate))
                    return Path.GetFullPath(candidate);
            }
        }
        return null;
    }

    private static bool IsRoot(string directory) => File.Exists(Path.Combine(directory, "MLNet.Rnn.sln"));

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string Inconclusive(string reason)
    {
        Assert.Inconclusive(reason);
        return "";
    }
}
