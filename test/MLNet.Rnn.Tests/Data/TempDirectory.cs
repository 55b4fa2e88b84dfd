namespace MLNet.Rnn.Tests.Data;

/// <summary>A fresh directory for the files one test writes; deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnet-rnn-data-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="text"/> (as given: no line-ending translation) and returns the file's path.</summary>
    public string Write(string name, string text)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
