using MLNet.Rnn.Models;

namespace MLNet.Rnn.Training;

/// <summary>
/// Builds a batch from dataset examples and lays its targets out in the order of the model's logits:
/// batch order for one target per sequence, packed order for per-step targets.
/// </summary>
internal static class BatchTargets
{
    public static SequenceBatch Inputs(SequenceDataset data, int[] indices) => data.UsesTokens
        ? SequenceBatch.FromTokens(indices.Select(i => data.Tokens![i]).ToArray(), data.Characters is { } characters ? indices.Select(i => characters[i]).ToArray() : null)
        : SequenceBatch.FromFeatures(indices.Select(i => data.Features![i]).ToArray(), data.FeatureCount);

    public static int[] Classes(SequenceDataset data, int[] indices, SequenceBatch batch)
    {
        if (data.Targets == SequenceTargets.Class)
            return indices.Select(i => data.Classes![i]).ToArray();
        var targets = new int[batch.Layout.TotalRows];
        SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => targets[row] = data.StepClasses![indices[b]][t]);
        return targets;
    }

    public static float[] Values(SequenceDataset data, int[] indices, SequenceBatch batch)
    {
        int width = data.ValueCount;
        if (data.Targets == SequenceTargets.Values)
            return indices.SelectMany(i => data.Values![i]).ToArray();
        var targets = new float[batch.Layout.TotalRows * width];
        SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => Array.Copy(data.Values![indices[b]], t * width, targets, row * width, width));
        return targets;
    }

    /// <summary>Checks that the dataset fits the model: input kind and width, target kind against the head, target ranges.</summary>
    public static void CheckCompatible(SequenceModel model, SequenceDataset data, string argument)
    {
        var o = model.Options;
        if (data.UsesTokens != o.UsesTokens)
            throw new ArgumentException($"The model reads {(o.UsesTokens ? "token ids" : "numeric features")}, but the data holds {(data.UsesTokens ? "token ids" : "numeric features")}.", argument);
        if (!data.UsesTokens && data.FeatureCount != o.FeatureCount)
            throw new ArgumentException($"The model reads {o.FeatureCount} features per step; the data has {data.FeatureCount}.", argument);
        bool perStep = data.Targets is SequenceTargets.StepClasses or SequenceTargets.StepValues;
        if (perStep != (o.Head == HeadKind.PerStep))
            throw new ArgumentException($"{data.Targets} targets need {(perStep ? "a per-step head" : "a pooled head (last hidden, mean or max)")}, but the model's head is {o.Head}.", argument);
        if (data.Targets is SequenceTargets.Values or SequenceTargets.StepValues && data.ValueCount != o.Outputs)
            throw new ArgumentException($"The data has {data.ValueCount} target values per prediction; the model has {o.Outputs} outputs.", argument);
        if (data.Targets == SequenceTargets.Class)
            CheckIds(data.Classes!, o.Outputs, argument);
        if (data.Targets == SequenceTargets.StepClasses)
            for (int i = 0; i < data.Count; i++)
                CheckIds(data.StepClasses![i], o.Outputs, argument, i);
        if (data.UsesTokens)
            for (int i = 0; i < data.Count; i++)
                CheckIds(data.Tokens![i], o.VocabularySize!.Value, argument, i, "token id");
    }

    private static void CheckIds(IReadOnlyList<int> ids, int limit, string argument, int? example = null, string what = "class id")
    {
        for (int j = 0; j < ids.Count; j++)
        {
            if ((uint)ids[j] >= (uint)limit)
                throw new ArgumentException($"{(example is null ? $"Example {j}" : $"Example {example}, step {j},")} has {what} {ids[j]}, outside [0, {limit}).", argument);
        }
    }
}
