using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using MLNet.Rnn.Tests.TorchSharp;
using MLNet.Rnn.TorchSharp.Build;

namespace MLNet.Rnn.Tests.Packaging;

/// <summary>
/// The packages as users get them: packed by <c>dotnet pack</c> into a local feed, then restored by apps built outside
/// the repository (test/PackageConsumers) with PackageReference. An app with MLNet.Rnn, on each ML.NET version the
/// package declares, and one with MLNet.Rnn.TorchSharp and TorchSharp-cpu, train a sentiment model and save model.zip,
/// and a fresh process of each loads it and predicts the same scores.
/// </summary>
[TestClass]
public sealed partial class PackageTests
{
    private static string scratch = "";
    private static LocalFeed feed = null!;
    private static ConsumerApps apps = null!;

    [ClassInitialize]
    public static void PackIntoALocalFeed(TestContext _)
    {
        scratch = Directory.CreateTempSubdirectory("mlnet-rnn-packages-").FullName;
        feed = LocalFeed.Pack(Path.Combine(scratch, "feed"));
        apps = new ConsumerApps(scratch, feed);
    }

    [ClassCleanup]
    public static void RemoveTheScratchFolder()
    {
        if (Directory.Exists(scratch))
            Directory.Delete(scratch, recursive: true);
    }

    [TestMethod]
    public void BothPackagesHaveOneVersionTheLicenceAReadmeTheCommitAndSymbolsAndPackingWarnsOfNothing()
    {
        Assert.IsFalse(Regex.IsMatch(feed.PackOutput, @"\bwarning\b", RegexOptions.IgnoreCase), feed.PackOutput);
        StringAssert.Matches(feed.Version, SemanticVersion());
        string? commit = HeadCommit();
        foreach (string id in LocalFeed.PackageIds)
        {
            Assert.AreEqual(feed.Version, feed.Metadata(id, "version"), id);
            Assert.AreEqual("MIT", feed.Metadata(id, "license"), id);
            Assert.AreEqual("MLNet.Rnn contributors", feed.Metadata(id, "authors"), id);
            foreach (string field in new[] { "description", "tags", "releaseNotes" })
                Assert.IsFalse(string.IsNullOrWhiteSpace(feed.Metadata(id, field)), $"{id}: {field}");
            var repository = feed.Nuspecs[id].Descendants().Single(e => e.Name.LocalName == "repository");
            if (commit is not null)
                Assert.AreEqual(commit, repository.Attribute("commit")?.Value, $"{id}: the commit it was built from");

            using (var package = ZipFile.OpenRead(feed.File(id)))
            {
                var readme = package.GetEntry(feed.Metadata(id, "readme"));
                Assert.IsNotNull(readme, $"{id}: its readme");
                using var text = new StreamReader(readme.Open());
                StringAssert.StartsWith(text.ReadToEnd().ReplaceLineEndings("\n"), $"# {id}\n", $"{id}: its own readme");
            }
            using (var symbols = ZipFile.OpenRead(feed.File(id, "snupkg")))
                Assert.IsNotNull(symbols.GetEntry($"lib/net10.0/{id}.pdb"), $"{id}: the symbols package holds the pdb");

            // The assembly: a fixed AssemblyVersion (model.zip records it), the package's version in the file's.
            string dll = Path.Combine(RepositoryPaths.RequireRoot(), "src", id, "bin", ChildProcess.Configuration, "net10.0", id + ".dll");
            var file = FileVersionInfo.GetVersionInfo(dll);
            Assert.AreEqual("1.0.0.0", System.Reflection.AssemblyName.GetAssemblyName(dll).Version!.ToString(), id);
            Assert.AreEqual(feed.Version.Split('-')[0] + ".0", file.FileVersion, id);
            Assert.AreEqual(commit is null ? feed.Version : $"{feed.Version}+{commit}", file.ProductVersion, id);
        }
    }

    [TestMethod]
    public void MLNetRnnDependsOnTheMLNetVersionsTestedAndTheEnginePackageOnItsOwnVersionOfMLNetRnn()
    {
        Assert.AreEqual(MLNetVersions.DeclaredRange, Dependency("MLNet.Rnn", "Microsoft.ML"));
        Assert.AreEqual($"[{feed.Version}]", Dependency("MLNet.Rnn.TorchSharp", "MLNet.Rnn"));
    }

    [TestMethod]
    [DataRow(MLNetVersions.Built)]
    [DataRow(MLNetVersions.Newest)]
    public void AnAppWithMLNetRnnTrainsSavesAFreshProcessPredictsTheSameAndSoDoesTheModelConvertedToOnnx(string mlnetVersion)
    {
        const string app = "MLNet.Rnn.Consumer";
        string output = apps.Build(app, mlnetVersion);
        string model = Path.Combine(output, "model.zip");

        var trained = Predictions(apps.Run(output, app, "train", model));
        var loaded = Predictions(apps.Run(output, app, "predict", model));
        var served = Predictions(apps.Run(output, app, "onnx", model, Path.Combine(output, "model.onnx")));

        StringAssert.StartsWith(FileVersionInfo.GetVersionInfo(Path.Combine(output, "Microsoft.ML.Data.dll")).ProductVersion, mlnetVersion + "+", "the ML.NET the app ran on");
        CollectionAssert.AreEqual(trained, loaded, "the fresh process's predictions");
        CollectionAssert.AreEqual(new[] { "1", "0", "1" }, trained.Select(p => p.Split(' ')[0]).ToList(), "the reviews' sentiments (praise is 1)");
        // Converted with the converter of the app's ML.NET and served by ONNX Runtime: the same labels and probabilities.
        for (int i = 0; i < trained.Count; i++)
        {
            var (expected, actual) = (trained[i].Split(' '), served[i].Split(' '));
            Assert.AreEqual(expected[0], actual[0], $"review {i}'s label in ONNX Runtime");
            for (int c = 1; c < expected.Length; c++)
                Bound.Near(double.Parse(actual[c], System.Globalization.CultureInfo.InvariantCulture), double.Parse(expected[c], System.Globalization.CultureInfo.InvariantCulture), 1e-5, $"review {i}, class {c - 1} in ONNX Runtime");
        }
    }

    [TestMethod]
    public void AnAppWithMLNetRnnTorchSharpAndTorchSharpCpuTrainsOnLibTorchAndAFreshProcessPredictsTheSame()
    {
        const string app = "MLNet.Rnn.TorchSharp.Consumer";
        string output = apps.Build(app, MLNetVersions.Built);
        string model = Path.Combine(output, "model.zip");

        // On a Linux whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12), libtorch loads only because the package's build
        // step weakened that requirement in the app's output, and in none of the NuGet cache's copies.
        string cached = WeakGlibcxxVersionTests.CachedLibrary();
        byte[] weak = File.ReadAllBytes(cached);
        Assert.AreEqual(1, ElfVersionNeeds.MakeWeak(weak, WeakGlibcxxVersionTests.Version), "the NuGet cache's copy is untouched");
        var copies = Directory.GetFiles(output, "libLibTorchSharp.so", SearchOption.AllDirectories)
            .Where(path => path.Contains(Path.Combine("linux-x64", "native"))).ToList();
        Assert.HasCount(1, copies, "the app's linux-x64 libLibTorchSharp.so");
        Assert.IsTrue(weak.AsSpan().SequenceEqual(File.ReadAllBytes(copies[0])), $"{copies[0]} is not the cache's library with its {WeakGlibcxxVersionTests.Version} requirement weak");

        string training = apps.Run(output, app, "train", model);
        var loaded = Predictions(apps.Run(output, app, "predict", model));

        StringAssert.Contains(training, "Training on the TorchSharp (libtorch) on cpu engine.", training);
        CollectionAssert.AreEqual(Predictions(training), loaded, "the fresh process's predictions");
    }

    /// <summary>The version range the package <paramref name="id"/> declares on <paramref name="dependency"/>.</summary>
    private static string? Dependency(string id, string dependency) =>
        feed.Nuspecs[id].Descendants().SingleOrDefault(e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == dependency)?.Attribute("version")?.Value;

    /// <summary>The app's predictions ("label score score"), each score a probability; the scores are the floats' round-trip text.</summary>
    private static List<string> Predictions(string output)
    {
        var predictions = output.Split('\n').Where(line => line.StartsWith("prediction: ")).Select(line => line["prediction: ".Length..].Trim()).ToList();
        Assert.HasCount(3, predictions, output);
        foreach (string prediction in predictions)
        {
            var scores = prediction.Split(' ').Skip(1).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.HasCount(2, scores, prediction);
            foreach (double score in scores)
            {
                Bound.AtLeast(score, 0, prediction);
                Bound.AtMost(score, 1, prediction);
            }
            Bound.Near(scores.Sum(), 1, 1e-5, $"{prediction}: the sum of the probabilities");
        }
        return predictions;
    }

    /// <summary>The commit checked out, or null when the repository is not a git checkout (or git is missing).</summary>
    private static string? HeadCommit()
    {
        try
        {
            var (code, output) = ChildProcess.Run("git", RepositoryPaths.RequireRoot(), "rev-parse", "HEAD");
            return code == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    // Semantic Versioning 2.0.0 without build metadata (which NuGet leaves out of a package's version).
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex SemanticVersion();
}
