using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Models;

/// <summary>A recurrent module's state between batches: h <c>(layers * directions, B, H)</c> and, for an LSTM, c.</summary>
/// <param name="Hidden">The hidden state.</param>
/// <param name="Cell">The LSTM cell state, or null.</param>
internal sealed record RecurrentState(Tensor Hidden, Tensor? Cell);

/// <summary>What <see cref="SequenceModel.Forward"/> returns.</summary>
/// <param name="Logits">
/// The head's outputs, <c>Rows x Outputs</c> row-major: one row per sequence in batch order for pooled heads,
/// one row per packed position (the batch's <see cref="SequenceBatch.Layout"/> order) for <see cref="HeadKind.PerStep"/>.
/// </param>
/// <param name="Rows">The number of rows of <paramref name="Logits"/>.</param>
/// <param name="FinalState">Each sequence's recurrent state after its last step, for stateful language models.</param>
internal sealed record SequenceOutput(float[] Logits, int Rows, RecurrentState FinalState);
