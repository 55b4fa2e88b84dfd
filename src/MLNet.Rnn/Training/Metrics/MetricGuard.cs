namespace MLNet.Rnn.Training.Metrics;

/// <summary>Argument checks shared by the metric functions, with messages that say what was expected.</summary>
internal static class MetricGuard
{
    public static void SameLength(int expected, int actual, string argument, string expectedWhat)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {argument} to have {expected} elements ({expectedWhat}) but it has {actual}.", argument);
    }

    public static void NotEmpty(int length, string argument)
    {
        if (length == 0)
            throw new ArgumentException($"Expected {argument} to contain at least one element but it is empty.", argument);
    }

    public static void ClassCount(int classes, string argument)
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(argument, classes, "Expected at least 2 classes.");
    }

    public static void ClassIds(ReadOnlySpan<int> truth, int classes, string argument)
    {
        for (int i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)classes)
                throw new ArgumentException($"Expected every class id in {argument} to be in [0, {classes}) but {argument}[{i}] is {truth[i]}.", argument);
        }
    }

    public static void Probabilities(ReadOnlySpan<float> probabilities, string argument)
    {
        for (int i = 0; i < probabilities.Length; i++)
        {
            float p = probabilities[i];
            if (!(p >= 0f && p <= 1f)) // also rejects NaN
                throw new ArgumentException($"Expected every probability in {argument} to be in [0, 1] but {argument}[{i}] is {p}.", argument);
        }
    }

    public static void NotNaN(ReadOnlySpan<float> values, string argument)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
                throw new ArgumentException($"Expected {argument} to contain no NaN but {argument}[{i}] is NaN.", argument);
        }
    }

    public static void Finite(ReadOnlySpan<float> values, string argument)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"Expected every value in {argument} to be finite but {argument}[{i}] is {values[i]}.", argument);
        }
    }
}
