using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;
using MLNet.Rnn.Text;

namespace MLNet.Rnn;

/// <summary>
/// One row's input encoded into buffers reused row after row: the model reads the first <see cref="Length"/> ids (token
/// inputs) or values (numeric inputs, steps x features). <see cref="TokenCount"/> is as in <see cref="EncodedInput"/>.
/// </summary>
internal sealed class EncodedRow
{
    public int[] Ids = [];
    public float[] Features = [];
    public int Length;
    public int TokenCount;

    /// <summary>With characters: word w's character ids are <c>CharacterIds[CharacterOffsets[w]..CharacterOffsets[w + 1]]</c>, for the first <see cref="Length"/> words.</summary>
    public int[] CharacterOffsets = [];
    public int[] CharacterIds = [];
    public bool HasCharacters;

    public Span<int> IdsOf(int length)
    {
        Buffers.Grow(ref Ids, length);
        Length = length;
        return Ids.AsSpan(0, length);
    }

    public Span<float> FeaturesOf(int length)
    {
        Buffers.Grow(ref Features, length);
        Length = length;
        return Features.AsSpan(0, length);
    }

    /// <summary>Starts the characters of <paramref name="words"/> words, which <see cref="Spell"/> adds in order.</summary>
    public void StartSpelling(int words)
    {
        Buffers.Grow(ref CharacterOffsets, words + 1);
        CharacterOffsets.AsSpan(0, words + 1).Clear();
        HasCharacters = true;
    }

    /// <summary>Adds word <paramref name="word"/>'s characters (words in order, from 0).</summary>
    public void Spell(int word, Vocabulary characters, ReadOnlySpan<char> token)
    {
        int start = CharacterOffsets[word];
        // Earlier words' ids stay, so this buffer grows keeping its contents (Buffers.Grow would drop them).
        if (CharacterIds.Length < start + Spelling.MaxCharacters)
            Array.Resize(ref CharacterIds, Math.Max(2 * CharacterIds.Length, start + Spelling.MaxCharacters));
        CharacterOffsets[word + 1] = start + Spelling.Encode(characters, token, CharacterIds.AsSpan(start));
    }

    /// <summary>The characters of the row's words, in arrays of their own.</summary>
    public WordCharacters? CopyCharacters() => HasCharacters ? new(CharacterOffsets[..(Length + 1)], CharacterIds[..CharacterOffsets[Length]]) : null;

    /// <summary>A copy that outlives the next row (rows scored together in a batch).</summary>
    public EncodedInput Copy(bool tokens) => tokens ? new(Ids[..Length], null, TokenCount, CopyCharacters()) : new(null, Features[..Length], 0);
}
