namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// A sample's model file, moved out of the way while a test trains the sample or needs the model missing, and put back
/// on dispose: the samples keep their model in the repository (samples/Sentiment/SentimentModel.zip, ...), where the
/// developer running the tests may have trained one of their own.
/// </summary>
internal sealed class SetAsideModel : IDisposable
{
    private readonly string? _kept;

    public SetAsideModel(string sample, string fileName)
    {
        Path = System.IO.Path.Combine(RepositoryPaths.RequireRoot(), "samples", sample, fileName);
        if (File.Exists(Path))
        {
            _kept = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlnet-rnn-kept-{Guid.NewGuid():N}-{fileName}");
            File.Move(Path, _kept);
        }
    }

    /// <summary>Where the sample keeps its model.</summary>
    public string Path { get; }

    /// <summary>Removes what the test trained and puts back the model that was there before, if any.</summary>
    public void Dispose()
    {
        File.Delete(Path);
        if (_kept is not null)
            File.Move(_kept, Path);
    }
}
