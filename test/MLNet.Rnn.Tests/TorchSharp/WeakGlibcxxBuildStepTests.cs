using System.Text;
using MLNet.Rnn.TorchSharp.Build;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>
/// MLNet.Rnn.TorchSharp's build step as an app's build runs it (a tiny project importing the buildTransitive targets,
/// published with dotnet) on a build machine whose libstdc++ has GLIBCXX_3.4.32, as Ubuntu 24.04's does: every Linux
/// copy of libLibTorchSharp.so in the build and publish output still comes out weak, since the app may be deployed to
/// Debian 12, and the NuGet cache's copy does not.
/// </summary>
[TestClass]
public sealed class WeakGlibcxxBuildStepTests
{
    private const string Version = WeakGlibcxxVersionTests.Version;

    private static readonly string[] Copies = ["libLibTorchSharp.so", "runtimes/linux-x64/native/libLibTorchSharp.so", "runtimes/linux-arm64/native/libLibTorchSharp.so"];

    // Where Linux distributions keep the system libstdc++ (x86-64 and arm64 Debian and Ubuntu, Fedora, Arch).
    private static readonly string[] SystemLibStdCxx =
        ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6"];

    private static bool HasTheVersion(string library) => Encoding.ASCII.GetString(File.ReadAllBytes(library)).Contains(Version + "\0");

    [TestMethod]
    public void EveryLinuxCopyIsWeakAlthoughTheBuildMachinesLibStdCxxHasTheVersion()
    {
        string cached = WeakGlibcxxVersionTests.CachedLibrary();
        byte[] expected = File.ReadAllBytes(cached);
        Assert.AreEqual(1, ElfVersionNeeds.MakeWeak(expected, Version));
        string scratch = Directory.CreateTempSubdirectory("mlnet-rnn-weak-glibcxx-").FullName, project = Path.Combine(scratch, "App");
        Directory.CreateDirectory(project);
        try
        {
            // The copies an app's output may hold: under runtimes/ for a build for no runtime, and beside the app for
            // a Linux runtime identifier.
            string items = string.Concat(Copies.Select(copy => $"""<None Include="{cached}" Link="{copy}" CopyToOutputDirectory="PreserveNewest" />"""));
            string targets = Path.Combine(RepositoryPaths.RequireRoot(), "src", "MLNet.Rnn.TorchSharp", "buildTransitive", "MLNet.Rnn.TorchSharp.targets");
            File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup>{items}</ItemGroup>
                  <Import Project="{targets}" />
                </Project>
                """);

            var (code, output) = PublishWhereLibStdCxxHasTheVersion(project, scratch);

            Assert.AreEqual(0, code, output);
            foreach (string folder in new[] { "", "publish" })
            {
                foreach (string copy in Copies)
                {
                    string path = Path.Combine(project, "bin", "Release", "net10.0", folder, copy);
                    Assert.IsTrue(expected.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{path} is not the cache's library with {Version} weak\n{output}");
                }
            }
            Assert.AreEqual(1, ElfVersionNeeds.MakeWeak(File.ReadAllBytes(cached), Version), "the NuGet cache's copy is untouched");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Publishes the project on this machine when its libstdc++ has the version or it has none (Windows, macOS).
    /// Otherwise the build gets one that has it: in a mount namespace of its own, each system libstdc++ is replaced by
    /// a copy with the version's name appended, which loads as before and holds the version's name as one that has it
    /// does.
    /// </summary>
    private static (int Code, string Output) PublishWhereLibStdCxxHasTheVersion(string project, string scratch)
    {
        // No build node or compiler server that outlives the build: one already running outside the namespace would do
        // the work with the system's libstdc++, and one started inside it would stay there.
        string[] publish = ["dotnet", "publish", project, "-c", "Release", "-nodeReuse:false", "-maxCpuCount:1", "-p:UseSharedCompilation=false"];
        var lacking = SystemLibStdCxx.Where(File.Exists).Select(path => File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path)
            .Distinct().Where(path => !HasTheVersion(path)).ToList();
        if (lacking.Count == 0)
            return ChildProcess.Run(publish[0], project, publish[1..]);

        string[] unshare = ["--user", "--map-root-user", "--mount", "--propagation", "private"];
        var (probe, why) = ChildProcess.Run("unshare", null, [.. unshare, "true"]);
        if (probe != 0)
            Assert.Inconclusive($"This system's libstdc++ lacks {Version} and a mount namespace of the test's own is not allowed here (unshare: {why.Trim()}), so a build machine that has it could not be made.");
        var script = new StringBuilder("set -e\n");
        for (int i = 0; i < lacking.Count; i++)
        {
            string fake = Path.Combine(scratch, $"libstdc++-{i}.so");
            File.WriteAllBytes(fake, [.. File.ReadAllBytes(lacking[i]), .. Encoding.ASCII.GetBytes(Version + "\0")]);
            script.Append($"mount --bind '{fake}' '{lacking[i]}'\ngrep -q '{Version}' '{lacking[i]}'\n");
        }
        script.Append("exec \"$@\"\n");
        return ChildProcess.Run("unshare", project, [.. unshare, "sh", "-c", script.ToString(), "sh", .. publish]);
    }
}
