using MLNet.Rnn.Tests.Packaging;
using MLNet.Rnn.TorchSharp.Build;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>
/// The ELF edit that lets libtorch load on Linux with an older libstdc++ (MLNet.Rnn.TorchSharp's build step): it
/// weakens exactly the GLIBCXX_3.4.32 requirement, in the build output and never in the NuGet cache, and a damaged
/// file fails cleanly.
/// </summary>
[TestClass]
public sealed class WeakGlibcxxVersionTests
{
    internal const string Version = "GLIBCXX_3.4.32";

    /// <summary>TorchSharp's libLibTorchSharp.so as restored into the NuGet cache, unedited.</summary>
    internal static string CachedLibrary()
    {
        string path = Path.Combine(NuGetCache.PackagesFolder, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(path))
            Assert.Inconclusive($"{path} is not in the NuGet cache (restored elsewhere?); the ELF edit was not checked on it.");
        return path;
    }

    [TestMethod]
    public void ExactlyOneFlagOfLibTorchSharpChangesAndASecondEditChangesNothing()
    {
        byte[] original = File.ReadAllBytes(CachedLibrary());
        byte[] edited = (byte[])original.Clone();

        Assert.AreEqual(1, ElfVersionNeeds.MakeWeak(edited, Version));

        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != edited[i]).ToList();
        Assert.HasCount(1, changed);
        Assert.AreEqual(original[changed[0]] | 0x2, edited[changed[0]]);
        Assert.AreEqual(0, ElfVersionNeeds.MakeWeak(edited, Version));
        Assert.AreEqual(0, ElfVersionNeeds.MakeWeak((byte[])original.Clone(), "GLIBCXX_9.9.9"));
    }

    [TestMethod]
    public void TheBuildOutputIsEditedAndTheNuGetCacheIsNot()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

        Assert.AreEqual(0, ElfVersionNeeds.MakeWeak(File.ReadAllBytes(output), Version), "the test output's copy is already weak");
        Assert.AreEqual(1, ElfVersionNeeds.MakeWeak(File.ReadAllBytes(CachedLibrary()), Version), "the NuGet cache's copy is untouched");
    }

    [TestMethod]
    public void DamagedFilesFailWithAnInvalidDataExceptionAndNothingElse()
    {
        byte[] original = File.ReadAllBytes(CachedLibrary());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionNeeds.MakeWeak("not an elf file at all, just text"u8.ToArray(), Version)).Message, "not an ELF file");
        foreach (int length in new[] { 0, 10, 63, 64, 1000, original.Length / 2, original.Length - 1 })
            Attempt(original[..length]);
        var random = new Random(1);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] damaged = (byte[])original.Clone();
            // The ELF header and the section headers at the end hold every offset the edit follows.
            int at = random.Next(2) == 0 ? random.Next(64) : original.Length - 1 - random.Next(4096);
            damaged[at] = (byte)random.Next(256);
            Attempt(damaged);
        }

        static void Attempt(byte[] bytes)
        {
            try
            {
                ElfVersionNeeds.MakeWeak(bytes, Version);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}
