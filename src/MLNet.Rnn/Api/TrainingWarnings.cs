using Microsoft.ML.Runtime;
using MLNet.Rnn.Models;
using MLNet.Rnn.Training;

namespace MLNet.Rnn;

/// <summary>
/// Data that trains without an error but cannot teach the model what the user expects, said in <c>MLContext.Log</c>
/// as warnings before training starts, as ML.NET's trainers warn about their data.
/// </summary>
internal static class TrainingWarnings
{
    /// <summary>A vocabulary of only the reserved tokens: every row reads as the unknown token.</summary>
    public static void VocabularyWithoutTokens(RnnOptions options, InputEncoder input, IChannel channel)
    {
        if (input.Vocabulary is not { } vocabulary || vocabulary.Count > (vocabulary.PaddingId is null ? 0 : 1) + (vocabulary.UnknownId is null ? 0 : 1))
            return;
        channel.Warning(MessageSensitivity.None,
            $"The vocabulary learned from '{options.InputColumnName}' holds only the padding and unknown tokens: every training row is empty, "
            + $"or no token occurs MinTokenFrequency = {options.MinTokenFrequency} times. Every row reads as the unknown token, so the model cannot tell rows apart.");
    }

    /// <summary>A classification label with one value in every training row: there is nothing to tell apart.</summary>
    public static void OneClass(RnnOptions options, LabeledRows train, IChannel channel)
    {
        if (options.Task != RnnTask.Classification || train.Count == 0 || train.DistinctClasses > 1)
            return;
        channel.Warning(MessageSensitivity.None,
            $"Every training row has the same label in '{options.LabelColumnName}', so the model can only learn to predict that value.");
    }

    /// <summary>A held-out fraction that leaves fewer training rows than one batch.</summary>
    public static void FewTrainingRowsAfterValidation(RnnOptions options, double validationFraction, int rows, IChannel channel)
    {
        if (options.Task == RnnTask.LanguageModel || validationFraction <= 0 || rows == 0)
            return;
        int left = rows - SequenceTrainer.HeldOut(rows, validationFraction);
        if (left < options.BatchSize)
            channel.Warning(MessageSensitivity.None,
                $"ValidationFraction = {validationFraction} holds out {rows - left} of {rows} training rows and leaves {left}, fewer than one batch (BatchSize = {options.BatchSize}): every epoch is one small step.");
    }

    /// <summary>
    /// The head starts out predicting values near zero with unit spread; targets far from that (a series around 360,
    /// say) take most of training to reach, or are never reached, unless they are standardised.
    /// </summary>
    public static void TargetsFarFromUnitScale(RnnOptions options, SequenceDataset data, IChannel channel)
    {
        if (data.Values is null || options.NormalizeTargets)
            return;
        var scale = Standardizer.Fit(data.Values, data.ValueCount);
        for (int v = 0; v < scale.FeatureCount; v++)
        {
            float mean = scale.Means[v], deviation = scale.Deviations[v];
            if (Math.Abs(mean) > 10 || deviation > 10 || deviation < 0.1f)
            {
                channel.Warning(MessageSensitivity.None, $"Label '{options.LabelColumnName}'{(scale.FeatureCount > 1 ? $" value {v}" : "")} has mean {mean:G4} and standard deviation {deviation:G4}, far from the unit scale the network starts at; with NormalizeTargets off, training may be slow or fail to fit. Set NormalizeTargets = true (the default) to standardise targets inside.");
                return;
            }
        }
    }
}
