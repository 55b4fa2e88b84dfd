namespace MLNet.Rnn.Training;

/// <summary>What a <see cref="SequenceDataset"/> asks the model to predict, which also fixes the loss.</summary>
internal enum SequenceTargets
{
    /// <summary>One class id per sequence (classification): cross-entropy.</summary>
    Class,

    /// <summary>One class id per step (tagging, language modelling): cross-entropy over valid steps.</summary>
    StepClasses,

    /// <summary>A vector of values per sequence (regression, forecasting): mean squared error.</summary>
    Values,

    /// <summary>A vector of values per step: mean squared error over valid steps.</summary>
    StepValues,
}
