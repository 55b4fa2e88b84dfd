using Microsoft.ML.Runtime;
using MLNet.Rnn.Models;
using MLNet.Rnn.Text;

namespace MLNet.Rnn;

/// <summary>Puts pretrained word vectors (<see cref="RnnOptions.WordVectorsPath"/>) into a new model's embedding, before training.</summary>
internal static class PretrainedEmbedding
{
    /// <summary>
    /// Sets the embedding row of each vocabulary word (each key value, for token keys) the file holds; the padding and
    /// unknown rows and words missing from the file keep their initial values. Says in the log how many words were found.
    /// </summary>
    /// <exception cref="ArgumentException">Token keys without key values: there are no words to look up.</exception>
    public static void Initialise(SequenceModel model, InputEncoder input, RnnOptions options, IChannel channel)
    {
        if (options.WordVectorsPath is not { } path)
            return;
        var words = WordsById(input, options);
        var vectors = WordVectors.Read(path, model.Options.EmbeddingSize, words.OfType<string>().ToHashSet(StringComparer.Ordinal));
        var table = model.Embedding!.Weight.Value;
        int width = model.Options.EmbeddingSize, found = 0;
        for (int id = 0; id < words.Length; id++)
        {
            if (words[id] is { } word && vectors.TryGetValue(word, out var vector))
            {
                vector.CopyTo(table.Slice(id * width, width));
                found++;
            }
        }
        int total = words.OfType<string>().Count();
        channel.Info(MessageSensitivity.None, $"Word vectors from '{path}': {found} of the {total} words of the vocabulary were found and initialise their embedding rows.");
        if (found == 0)
            channel.Warning(MessageSensitivity.None, $"None of the {total} words of the vocabulary is in the word vectors file '{path}' (words are matched exactly: case and lower-casing matter).");
    }

    /// <summary>The word each embedding row stands for, or null for the padding, unknown and missing-key rows.</summary>
    private static string?[] WordsById(InputEncoder input, RnnOptions options)
    {
        if (input.Vocabulary is { } vocabulary)
            return vocabulary.Tokens.Select((token, id) => id == vocabulary.PaddingId || id == vocabulary.UnknownId ? null : token).ToArray();
        var values = input.KeyValues ?? throw new ArgumentException(
            $"WordVectorsPath is set, but the token keys of '{options.InputColumnName}' carry no key values, so there are no words to look up: map the tokens with MapValueToKey.", nameof(options.WordVectorsPath));
        return [null, .. values.Texts];
    }
}
