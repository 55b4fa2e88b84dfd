using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;

namespace MLNet.Rnn.Tests.Packaging;

/// <summary>
/// The apps in test/PackageConsumers, built as their users build them: copied out of the repository, so that nothing
/// of its build reaches them, and restored with PackageReference from the local feed (and the repository's NuGet
/// source for everything else).
/// </summary>
/// <remarks>
/// They restore into a packages folder of their own: NuGet's global cache may hold another build of the same version
/// (from an earlier run, or from a user's install from a local feed), and NuGet takes a package it already has over any
/// feed's. Packages already in the cache are read from it in place, through a fallback folder of links to everything
/// in it but our own packages, so nothing large is downloaded or copied again.
/// </remarks>
internal sealed class ConsumerApps
{
    private readonly string scratch, packages, fallback;
    private readonly LocalFeed feed;
    private int builds;

    /// <summary>Prepares <paramref name="scratch"/> (outside the repository) to build apps against <paramref name="feed"/>.</summary>
    public ConsumerApps(string scratch, LocalFeed feed)
    {
        this.scratch = scratch;
        this.feed = feed;
        packages = Directory.CreateDirectory(Path.Combine(scratch, "packages")).FullName;
        fallback = Directory.CreateDirectory(Path.Combine(scratch, "fallback")).FullName;
        LinkTheCacheExceptOurPackages();

        // The repository's package sources, and the feed. NuGet reads this file for every project below it.
        var config = XDocument.Load(Path.Combine(RepositoryPaths.RequireRoot(), "NuGet.config"));
        config.Root!.Element("packageSources")!.Add(new XElement("add", new XAttribute("key", "MLNet.Rnn packages"), new XAttribute("value", feed.Folder)));
        config.Save(Path.Combine(scratch, "NuGet.config"));
    }

    /// <summary>
    /// Builds the app <paramref name="app"/> (a folder of test/PackageConsumers) against ML.NET
    /// <paramref name="mlnetVersion"/> and checks that its restore took our packages from the feed; returns the folder
    /// it was built into.
    /// </summary>
    public string Build(string app, string mlnetVersion)
    {
        string sources = Path.Combine(RepositoryPaths.RequireRoot(), "test", "PackageConsumers");
        string copy = Path.Combine(scratch, $"apps-{Interlocked.Increment(ref builds)}"), output = Path.Combine(copy, "out");
        foreach (string file in Directory.EnumerateFiles(sources, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(sources, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
            File.Copy(file, Path.Combine(copy, relative));
        }

        var (code, printed) = ChildProcess.Run("dotnet", copy, "build", app, "-c", "Release", "-o", output, "-clp:NoSummary",
            $"-p:RestorePackagesPath={packages}", $"-p:RestoreFallbackFolders={fallback}",
            $"-p:MicrosoftMLVersion={mlnetVersion}", $"-p:OnnxConverterVersion={MLNetVersions.OnnxConverterFor(mlnetVersion)}", $"-p:MLNetRnnVersion={feed.Version}");

        Assert.AreEqual(0, code, printed);
        Assert.IsFalse(printed.Contains(": warning "), printed);
        AssertRestoredFromTheFeed(Path.Combine(copy, app, "obj", "project.assets.json"));
        return output;
    }

    /// <summary>Runs the app built into <paramref name="output"/> in a fresh process; returns what it printed.</summary>
    public string Run(string output, string app, params string[] arguments) =>
        ChildProcess.RunDotNetProgram(Path.Combine(output, app + ".dll"), scratch, arguments);

    private void LinkTheCacheExceptOurPackages()
    {
        if (!Directory.Exists(NuGetCache.PackagesFolder))
            return;
        var ours = LocalFeed.PackageIds.Select(id => id.ToLowerInvariant()).ToHashSet();
        try
        {
            foreach (string package in Directory.EnumerateDirectories(NuGetCache.PackagesFolder))
            {
                if (!ours.Contains(Path.GetFileName(package)))
                    Directory.CreateSymbolicLink(Path.Combine(fallback, Path.GetFileName(package)), package);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Assert.Inconclusive($"Symbolic links cannot be made here ({e.Message}), so the apps could not read the NuGet cache without the risk of an older MLNet.Rnn in it.");
        }
    }

    /// <summary>Each of our packages the app restored is the feed's, byte for byte (NuGet records each package's SHA-512).</summary>
    private void AssertRestoredFromTheFeed(string assetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(assetsFile));
        var ours = assets.RootElement.GetProperty("libraries").EnumerateObject().Where(library => LocalFeed.PackageIds.Contains(library.Name.Split('/')[0])).ToList();
        CollectionAssert.Contains(ours.Select(library => library.Name).ToList(), $"{LocalFeed.PackageIds[0]}/{feed.Version}", "the app restored no MLNet.Rnn of the feed's version");
        foreach (var library in ours)
        {
            string expected = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(feed.File(library.Name.Split('/')[0]))));
            Assert.AreEqual(expected, library.Value.GetProperty("sha512").GetString(), $"{library.Name} was restored from somewhere other than {feed.Folder}");
        }
    }
}
