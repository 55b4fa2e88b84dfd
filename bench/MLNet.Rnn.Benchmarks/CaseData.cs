using MLNet.Rnn.Models;
using MLNet.Rnn.Engines;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// Random sequences of a case's shape (lengths uniform in [min, max]; token ids or features in [-1, 1]) with random
/// targets, kept as plain arrays so every engine and peer gets exactly the same data.
/// </summary>
internal sealed record CaseData(BenchCase Case, int[][]? Tokens, float[][]? Features, BatchTargetValues Targets)
{
    public int Count => Tokens?.Length ?? Features!.Length;

    public int LengthOf(int sequence) => Tokens?[sequence].Length ?? Features![sequence].Length / Case.Input;

    public int TokenCount => Enumerable.Range(0, Count).Sum(LengthOf);

    public SequenceBatch ToBatch() => Tokens is not null ? SequenceBatch.FromTokens(Tokens) : SequenceBatch.FromFeatures(Features!, Case.Input);

    /// <summary>A batch of the case's batch size.</summary>
    public static CaseData Batch(BenchCase c, Random random) =>
        Create(c, Enumerable.Range(0, c.Batch).Select(_ => random.Next(c.MinLength, c.MaxLength + 1)).ToArray(), random);

    /// <summary>The one sequence of min(50, max_len) steps the latency is measured on.</summary>
    public static CaseData One(BenchCase c, Random random) => Create(c, [Math.Min(50, c.MaxLength)], random);

    private static CaseData Create(BenchCase c, int[] lengths, Random random)
    {
        int[][]? tokens = c.Vocabulary is { } vocabulary
            ? lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(vocabulary)).ToArray()).ToArray()
            : null;
        float[][]? features = tokens is null
            ? lengths.Select(n => Enumerable.Range(0, n * c.Input).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray()
            : null;
        int rows = c.PerStep ? lengths.Sum() : c.Batch;
        var targets = c.Outputs > 1
            ? new BatchTargetValues(Enumerable.Range(0, rows).Select(_ => random.Next(c.Outputs)).ToArray(), null)
            : new BatchTargetValues(null, Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble()).ToArray());
        return new CaseData(c, tokens, features, targets);
    }
}
