namespace MLNet.Rnn.Models;

/// <summary>What the linear head of a <see cref="SequenceModel"/> reads.</summary>
internal enum HeadKind
{
    /// <summary>The top layer's final hidden state of each sequence, forward and reverse concatenated (PyTorch's <c>h_n[-2], h_n[-1]</c>): one prediction per sequence.</summary>
    LastHidden,

    /// <summary>The mean of the top layer's output over each sequence's valid steps: one prediction per sequence.</summary>
    Mean,

    /// <summary>The element-wise max of the top layer's output over each sequence's valid steps: one prediction per sequence.</summary>
    Max,

    /// <summary>Every valid step: one prediction per token (tagging, language modelling).</summary>
    PerStep,
}
