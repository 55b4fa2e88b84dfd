using System.Globalization;

namespace MLNet.Rnn.Text;

/// <summary>
/// Pretrained word vectors from a text file in the word2vec/GloVe/fastText format: one word per line followed by its
/// values, separated by spaces, and for word2vec and fastText's <c>.vec</c> a first line of two numbers (words,
/// dimension). Only the vectors of the words asked for are kept, so a file of millions of words costs one pass, not memory.
/// </summary>
internal static class WordVectors
{
    /// <summary>The vectors of <paramref name="words"/> that the file holds (the first line of each word wins).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A line with another number of values than <paramref name="dimension"/>, or a value that is not a finite number (file and line named).</exception>
    public static Dictionary<string, float[]> Read(string path, int dimension, IReadOnlySet<string> words)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The word vectors file '{path}' (WordVectorsPath) does not exist.", path);
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || (number == 1 && IsHeader(fields)))
                continue;
            if (fields.Length - 1 != dimension)
                throw new InvalidDataException($"Word vectors file '{path}', line {number}: {fields.Length - 1} values for '{fields[0]}', expected {dimension} (EmbeddingSize).");
            if (!words.Contains(fields[0]) || vectors.ContainsKey(fields[0]))
                continue;
            var vector = new float[dimension];
            for (int i = 0; i < dimension; i++)
            {
                if (!float.TryParse(fields[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out vector[i]) || !float.IsFinite(vector[i]))
                    throw new InvalidDataException($"Word vectors file '{path}', line {number}: value {i + 1} of '{fields[0]}' is '{fields[i + 1]}', not a finite number.");
            }
            vectors[fields[0]] = vector;
        }
        return vectors;
    }

    /// <summary>word2vec's and fastText's first line: the number of words and the dimension.</summary>
    private static bool IsHeader(string[] fields) =>
        fields.Length == 2 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
