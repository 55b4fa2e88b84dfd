using MLNet.Rnn.Models;

namespace MLNet.Rnn.Training;

/// <summary>
/// Training examples in memory: each a sequence of token ids or of numeric feature rows, with its target.
/// </summary>
/// <remarks>
/// Arrays are referenced, not copied. Every sequence must have at least one step; per-step targets must have
/// one entry (or one vector) per step.
/// </remarks>
internal sealed class SequenceDataset
{
    private SequenceDataset(IReadOnlyList<int[]>? tokens, IReadOnlyList<float[]>? features, int featureCount,
        SequenceTargets targets, IReadOnlyList<int>? classes, IReadOnlyList<int[]>? stepClasses, IReadOnlyList<float[]>? values, int valueCount,
        IReadOnlyList<WordCharacters>? characters = null)
    {
        Tokens = tokens;
        Characters = characters;
        Features = features;
        FeatureCount = featureCount;
        Targets = targets;
        Classes = classes;
        StepClasses = stepClasses;
        Values = values;
        ValueCount = valueCount;
        Count = tokens?.Count ?? features!.Count;
        for (int i = 0; i < Count; i++)
        {
            int length = LengthOf(i);
            if (length == 0)
                throw new ArgumentException($"Sequence {i} is empty; every sequence needs at least one step.");
            int expected = targets switch
            {
                SequenceTargets.StepClasses => length,
                SequenceTargets.Values => valueCount,
                SequenceTargets.StepValues => length * valueCount,
                _ => 1,
            };
            int actual = targets switch
            {
                SequenceTargets.StepClasses => stepClasses![i].Length,
                SequenceTargets.Values or SequenceTargets.StepValues => values![i].Length,
                _ => 1,
            };
            if (actual != expected)
                throw new ArgumentException($"Example {i} has {actual} target values; expected {expected} for its {length} steps.");
            if (characters is not null && characters[i].Words != length)
                throw new ArgumentException($"Example {i} has characters for {characters[i].Words} tokens; expected {length}.");
        }
    }

    /// <summary>Token-id sequences, or null for numeric input.</summary>
    public IReadOnlyList<int[]>? Tokens { get; }

    /// <summary>The characters of each token sequence's tokens, when the model reads them; otherwise null.</summary>
    public IReadOnlyList<WordCharacters>? Characters { get; }

    /// <summary>Numeric sequences (<c>length * FeatureCount</c> values each), or null for token input.</summary>
    public IReadOnlyList<float[]>? Features { get; }

    /// <summary>Features per step of numeric input.</summary>
    public int FeatureCount { get; }

    /// <summary>The kind of target.</summary>
    public SequenceTargets Targets { get; }

    /// <summary>One class id per sequence, for <see cref="SequenceTargets.Class"/>.</summary>
    public IReadOnlyList<int>? Classes { get; }

    /// <summary>One class id per step, for <see cref="SequenceTargets.StepClasses"/>.</summary>
    public IReadOnlyList<int[]>? StepClasses { get; }

    /// <summary>Target values per sequence (<see cref="ValueCount"/>) or per step (<c>length * ValueCount</c>).</summary>
    public IReadOnlyList<float[]>? Values { get; }

    /// <summary>Values per target vector.</summary>
    public int ValueCount { get; }

    /// <summary>The number of examples.</summary>
    public int Count { get; }

    /// <summary>Whether the inputs are token ids.</summary>
    public bool UsesTokens => Tokens is not null;

    /// <summary>The number of steps of example <paramref name="index"/>.</summary>
    public int LengthOf(int index) => Tokens is not null ? Tokens[index].Length : Features![index].Length / FeatureCount;

    /// <summary>Token sequences with one class each.</summary>
    public static SequenceDataset TokensWithClass(IReadOnlyList<int[]> tokens, IReadOnlyList<int> classes) =>
        new(Require(tokens, nameof(tokens)), null, 0, SequenceTargets.Class, SameCount(classes, tokens.Count, nameof(classes)), null, null, 0);

    /// <summary>Token sequences with a class per token (tags, or next tokens for a language model).</summary>
    public static SequenceDataset TokensWithStepClasses(IReadOnlyList<int[]> tokens, IReadOnlyList<int[]> stepClasses) =>
        new(Require(tokens, nameof(tokens)), null, 0, SequenceTargets.StepClasses, null, SameCount(stepClasses, tokens.Count, nameof(stepClasses)), null, 0);

    /// <summary>Token sequences with a vector of <paramref name="valueCount"/> values each.</summary>
    public static SequenceDataset TokensWithValues(IReadOnlyList<int[]> tokens, IReadOnlyList<float[]> values, int valueCount) =>
        new(Require(tokens, nameof(tokens)), null, 0, SequenceTargets.Values, null, null, SameCount(values, tokens.Count, nameof(values)), Positive(valueCount));

    /// <summary>Numeric sequences with one class each.</summary>
    public static SequenceDataset FeaturesWithClass(IReadOnlyList<float[]> features, int featureCount, IReadOnlyList<int> classes) =>
        new(null, Require(features, nameof(features)), Positive(featureCount), SequenceTargets.Class, SameCount(classes, features.Count, nameof(classes)), null, null, 0);

    /// <summary>Numeric sequences with a vector of <paramref name="valueCount"/> values each (regression, forecasting).</summary>
    public static SequenceDataset FeaturesWithValues(IReadOnlyList<float[]> features, int featureCount, IReadOnlyList<float[]> values, int valueCount) =>
        new(null, Require(features, nameof(features)), Positive(featureCount), SequenceTargets.Values, null, null, SameCount(values, features.Count, nameof(values)), Positive(valueCount));

    /// <summary>Numeric sequences with a vector of values per step.</summary>
    public static SequenceDataset FeaturesWithStepValues(IReadOnlyList<float[]> features, int featureCount, IReadOnlyList<float[]> stepValues, int valueCount) =>
        new(null, Require(features, nameof(features)), Positive(featureCount), SequenceTargets.StepValues, null, null, SameCount(stepValues, features.Count, nameof(stepValues)), Positive(valueCount));

    /// <summary>These token examples with the characters of their tokens.</summary>
    public SequenceDataset WithCharacters(IReadOnlyList<WordCharacters> characters) =>
        new(Require(Tokens!, nameof(Tokens)), null, 0, Targets, Classes, StepClasses, Values, ValueCount, SameCount(characters, Count, nameof(characters)));

    /// <summary>The examples at <paramref name="indices"/>, in that order (arrays shared, not copied).</summary>
    public SequenceDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        T[]? Pick<T>(IReadOnlyList<T>? source) => source is null ? null : indices.Select(i => source[i]).ToArray();
        return new SequenceDataset(Pick(Tokens), Pick(Features), FeatureCount, Targets, Pick(Classes), Pick(StepClasses), Pick(Values), ValueCount, Pick(Characters));
    }

    private static IReadOnlyList<T> Require<T>(IReadOnlyList<T> list, string name)
    {
        ArgumentNullException.ThrowIfNull(list, name);
        if (list.Count == 0)
            throw new ArgumentException("A dataset needs at least one example.", name);
        return list;
    }

    private static IReadOnlyList<T> SameCount<T>(IReadOnlyList<T> targets, int count, string name)
    {
        ArgumentNullException.ThrowIfNull(targets, name);
        if (targets.Count != count)
            throw new ArgumentException($"Expected {count} targets, one per sequence; got {targets.Count}.", name);
        return targets;
    }

    private static int Positive(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        return value;
    }
}
