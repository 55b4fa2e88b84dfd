using System.Globalization;

namespace MLNet.Rnn.Data;

/// <summary>Reads tagged sentences from CoNLL-U treebanks and CoNLL-style token-per-line files.</summary>
internal static class ConllReader
{
    /// <summary>
    /// Reads a CoNLL-U treebank (Universal Dependencies) into one sentence per row: the tokens (the FORM field) and
    /// their tags (UPOS, or XPOS).
    /// </summary>
    /// <param name="path">The .conllu file: tab-separated token lines, a blank line after each sentence.</param>
    /// <param name="maxSentences">Stop after this many sentences; null reads them all.</param>
    /// <param name="tagField">"upos" (universal tags) or "xpos" (language-specific tags), in any case.</param>
    /// <remarks>
    /// Comment lines (#) are skipped, and so are multi-word token lines (IDs like 3-4) and empty nodes (IDs like
    /// 3.1): the words of the sentence are the integer-ID lines, the ones a tagger labels.
    /// </remarks>
    /// <exception cref="ArgumentException">An unknown <paramref name="tagField"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSentences"/> is not positive.</exception>
    /// <exception cref="InvalidDataException">A token line has too few fields or a malformed ID (file and line named).</exception>
    public static List<TaggedSentence> ReadConllu(string path, int? maxSentences = null, string tagField = "upos")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tagField);
        int tagIndex = tagField.ToLowerInvariant() switch
        {
            "upos" => 3,
            "xpos" => 4,
            _ => throw new ArgumentException($"Tag field '{tagField}' is not 'upos' or 'xpos'.", nameof(tagField)),
        };
        var sentences = new TaggedSentenceBuilder(PositiveOrNull(maxSentences));
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                sentences.EndSentence();
                if (sentences.IsFull)
                    break;
                continue;
            }
            if (line.StartsWith('#'))
                continue;

            string[] fields = line.Split('\t');
            if (fields.Length <= tagIndex)
                throw new InvalidDataException($"{path}: line {lineNumber} has {fields.Length} tab-separated field(s); a CoNLL-U word line has 10."
                    + (fields.Length is 2 or 4 ? " A file of token and tag per line is CoNLL: read it with LoadFromConll." : ""));
            string id = fields[0];
            if (id.Contains('-') || id.Contains('.'))
                continue;
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InvalidDataException($"{path}: line {lineNumber}: '{id}' is not a word ID (an integer, a range like 3-4, or an empty node like 3.1).");
            sentences.Add(fields[1], fields[tagIndex]);
        }
        sentences.EndSentence(); // the last sentence may lack its closing blank line
        return sentences.Sentences;
    }

    /// <summary>
    /// Reads a CoNLL-2003-style tagging file (token and tag fields separated by white space) into one sentence per row.
    /// </summary>
    /// <param name="path">The file: one token per line, fields separated by white space, a blank line between sentences.</param>
    /// <param name="tokenField">The zero-based field of the token; negative counts from the end.</param>
    /// <param name="tagField">The field of the tag; -1, the default, is the last field (the NER tag in CoNLL-2003).</param>
    /// <param name="maxSentences">Stop after this many sentences; null reads them all.</param>
    /// <remarks>Document separator lines (<c>-DOCSTART-</c>) are skipped.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSentences"/> is not positive.</exception>
    /// <exception cref="InvalidDataException">A line lacks the token or tag field (file and line named).</exception>
    public static List<TaggedSentence> ReadConll(string path, int tokenField = 0, int tagField = -1, int? maxSentences = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var sentences = new TaggedSentenceBuilder(PositiveOrNull(maxSentences));
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                sentences.EndSentence();
                if (sentences.IsFull)
                    break;
                continue;
            }
            if (fields[0] == "-DOCSTART-")
                continue;

            int token = tokenField < 0 ? fields.Length + tokenField : tokenField;
            int tag = tagField < 0 ? fields.Length + tagField : tagField;
            if ((uint)token >= (uint)fields.Length || (uint)tag >= (uint)fields.Length)
                throw new InvalidDataException($"{path}: line {lineNumber} has {fields.Length} field(s); token field {tokenField} and tag field {tagField} must both be there.");
            if (fields.Length >= 10 && IsConlluId(fields[0]))
                throw new InvalidDataException($"{path}: line {lineNumber} has {fields.Length} fields starting with the word ID '{fields[0]}', as CoNLL-U has: read it with LoadFromConllu.");
            sentences.Add(fields[token], fields[tag]);
        }
        sentences.EndSentence();
        return sentences.Sentences;
    }

    private static bool IsConlluId(string field) => field.Length > 0 && char.IsAsciiDigit(field[0]) && field.All(c => char.IsAsciiDigit(c) || c is '-' or '.');

    private static int? PositiveOrNull(int? maxSentences)
    {
        if (maxSentences is { } max)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(maxSentences));
        return maxSentences;
    }
}
