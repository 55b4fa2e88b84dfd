using System.IO.Compression;
using System.Xml.Linq;

namespace MLNet.Rnn.Tests.Packaging;

/// <summary>
/// MLNet.Rnn and MLNet.Rnn.TorchSharp packed by <c>dotnet pack</c> into a folder that serves as a local feed. They are
/// packed without building (<c>--no-build</c>) from the binaries the test project built and the other tests ran, in
/// the same configuration, so the packages hold exactly what was tested.
/// </summary>
internal sealed class LocalFeed
{
    /// <summary>The two packages, by the names of their projects under src (and in src/Packages.slnf).</summary>
    public static readonly string[] PackageIds = ["MLNet.Rnn", "MLNet.Rnn.TorchSharp"];

    private LocalFeed(string folder, string packOutput, Dictionary<string, XElement> nuspecs)
    {
        Folder = folder;
        PackOutput = packOutput;
        Nuspecs = nuspecs;
    }

    /// <summary>The folder holding the .nupkg and .snupkg files.</summary>
    public string Folder { get; }

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public string PackOutput { get; }

    /// <summary>Each package's manifest (its .nuspec), by package id.</summary>
    public IReadOnlyDictionary<string, XElement> Nuspecs { get; }

    /// <summary>The version of the MLNet.Rnn package.</summary>
    public string Version => Metadata(PackageIds[0], "version");

    /// <summary>The package file of <paramref name="id"/>, or of its symbols with <paramref name="extension"/> "snupkg".</summary>
    public string File(string id, string extension = "nupkg") => Path.Combine(Folder, $"{id}.{Metadata(id, "version")}.{extension}");

    /// <summary>The text of the element <paramref name="name"/> of the nuspec's metadata.</summary>
    public string Metadata(string id, string name) =>
        Nuspecs[id].Descendants().Single(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "metadata").Value;

    /// <summary>
    /// Packs both projects into <paramref name="folder"/> with the README's command (src/Packages.slnf); their nuspecs
    /// go beside the folder, not into the repository's obj.
    /// </summary>
    public static LocalFeed Pack(string folder)
    {
        var (code, output) = ChildProcess.Run("dotnet", RepositoryPaths.RequireRoot(), "pack", Path.Combine("src", "Packages.slnf"), "-c", ChildProcess.Configuration,
            "--no-build", "--no-restore", "-o", folder, $"-p:NuspecOutputPath={folder}-nuspecs");
        Assert.AreEqual(0, code, output);
        var nuspecs = new Dictionary<string, XElement>();
        foreach (string package in Directory.GetFiles(folder, "*.nupkg"))
        {
            using var zip = ZipFile.OpenRead(package);
            var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
            using var stream = entry.Open();
            var nuspec = XElement.Load(stream);
            nuspecs.Add(nuspec.Descendants().First(e => e.Name.LocalName == "id").Value, nuspec);
        }
        CollectionAssert.AreEquivalent(PackageIds, nuspecs.Keys.ToArray(), $"the packages in {folder}");
        return new LocalFeed(folder, output, nuspecs);
    }
}
