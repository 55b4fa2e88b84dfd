using MLNet.Rnn.Compute;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Tests.Training;

/// <summary>Small synthetic tasks that a recurrent model learns in seconds, made in the test.</summary>
internal static class ToyData
{
    /// <summary>Token sequences of ids 1..5; the class is whether id 5 occurs (needs memory over the sequence).</summary>
    public static SequenceDataset ContainsFive(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var tokens = new int[count][];
        var classes = new int[count];
        for (int i = 0; i < count; i++)
        {
            tokens[i] = Enumerable.Range(0, 3 + rng.NextInt(8)).Select(_ => 1 + rng.NextInt(4)).ToArray();
            if (rng.NextInt(2) == 1)
                tokens[i][rng.NextInt(tokens[i].Length)] = 5;
            classes[i] = tokens[i].Contains(5) ? 1 : 0;
        }
        return SequenceDataset.TokensWithClass(tokens, classes);
    }

    /// <summary>Numeric sequences (2 features); the target is the sum of the first feature and the mean of the second.</summary>
    public static SequenceDataset SumAndMean(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var features = new float[count][];
        var values = new float[count][];
        for (int i = 0; i < count; i++)
        {
            int length = 2 + rng.NextInt(6);
            features[i] = new float[length * 2];
            rng.FillUniform(features[i], -1, 1);
            float sum = 0, mean = 0;
            for (int t = 0; t < length; t++)
            {
                sum += features[i][2 * t];
                mean += features[i][2 * t + 1] / length;
            }
            values[i] = [sum, mean];
        }
        return SequenceDataset.FeaturesWithValues(features, 2, values, 2);
    }

    /// <summary>Tagging: the tag of each token is its id modulo 3, except that id 0 takes the previous token's tag.</summary>
    public static SequenceDataset ModuloTags(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var tokens = new int[count][];
        var tags = new int[count][];
        for (int i = 0; i < count; i++)
        {
            int length = 2 + rng.NextInt(7);
            tokens[i] = Enumerable.Range(0, length).Select(_ => rng.NextInt(7)).ToArray();
            tags[i] = new int[length];
            for (int t = 0; t < length; t++)
                tags[i][t] = tokens[i][t] == 0 ? (t == 0 ? 0 : tags[i][t - 1]) : tokens[i][t] % 3;
        }
        return SequenceDataset.TokensWithStepClasses(tokens, tags);
    }
}
