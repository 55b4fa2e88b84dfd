using Microsoft.ML;

namespace MLNet.Rnn;

/// <summary>Saving a model so that a crash or a kill never leaves a half-written file where a good one was.</summary>
public static class RnnModelOperations
{
    /// <summary>
    /// Saves like <c>mlContext.Model.Save</c>, atomically: to a temporary file beside <paramref name="path"/>, flushed
    /// to disk, then moved over it. If anything fails the temporary file is deleted and a file already at the path is
    /// untouched. Temporaries that earlier saves to the same path left behind (killed midway) are removed first.
    /// </summary>
    /// <remarks>ML.NET's own <c>Save</c> writes the file in place. Saving to one path from two processes at once is not supported.</remarks>
    /// <param name="catalog">ML.NET's model catalog.</param>
    /// <param name="model">The trained pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline reads (saved with it), or null.</param>
    /// <param name="path">The model file to create or replace.</param>
    public static void SaveAtomically(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target)!, name = Path.GetFileName(target);
        if (Directory.Exists(directory))
        {
            foreach (string stale in Directory.EnumerateFiles(directory, $".{name}.*.tmp"))
                TryDelete(stale);
        }
        string temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                catalog.Save(model, inputSchema, file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file matters less than the save itself.
        }
    }
}
