using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Nn.Recurrent;

/// <summary>
/// What the forward pass of one layer in one direction keeps for its backward pass, in packed row order,
/// plus the backward pass's own buffers. Buffers only grow, so steady-state batches allocate nothing.
/// </summary>
internal sealed class DirectionTape
{
    /// <summary>Gate activations, (rows, gates*H); for RNN the new hidden state itself.</summary>
    public float[] Gates = [];

    /// <summary>The hidden state each row started its step from, (rows, H).</summary>
    public float[] HPrev = [];

    /// <summary>LSTM: the new and the previous cell state, (rows, H).</summary>
    public float[] C = [], CPrev = [];

    /// <summary>GRU: h W_hn + b_hn, the term the reset gate multiplies, (rows, H).</summary>
    public float[] HiddenNew = [];

    /// <summary>GRU: h W_hh^T for the active rows of one step, (batch, 3H).</summary>
    public float[] StepScratch = [];

    /// <summary>Gradients of the input-side and (GRU only, where they differ) hidden-side pre-activations.</summary>
    public float[] DGates = [], DHiddenGates = [];

    /// <summary>b_ih + b_hh, added to every row of the input projection, (gates*H).</summary>
    public float[] FoldedBias = [];

    /// <summary>Backward scratch of one row for each range of sequences run at once: H floats at the range's first row.</summary>
    public float[] RowScratch = [];

    /// <summary>
    /// W_hh packed for the per-step GEMMs, so each step does not repack the whole matrix: W_hh^T while the forward
    /// pass runs, W_hh while the backward pass runs. Each pass packs it at its start, as the weights may have
    /// changed since the last one, unless they are frozen and it already holds W_hh^T.
    /// </summary>
    public readonly SgemmPackedB HiddenWeights = new();

    /// <summary>Whether <see cref="HiddenWeights"/> holds W_hh^T (packed by a forward pass), not W_hh.</summary>
    public bool HoldsForwardWeights;

    /// <summary>W_ih^T packed for the input projection; only while the weights are frozen, when it is packed once for good.</summary>
    public readonly SgemmPackedB InputWeights = new();

    /// <summary>Whether <see cref="InputWeights"/> holds W_ih^T.</summary>
    public bool HoldsInputWeights;

    /// <summary>
    /// A frozen first layer fed token ids: every token's projection E W_ih^T + biases, (vocabulary, gates*H), computed on
    /// the first pass and kept, as the weights no longer change.
    /// </summary>
    public float[] TokenGates = [];

    /// <summary>Whether <see cref="TokenGates"/> holds the table.</summary>
    public bool HoldsTokenGates;

    /// <summary>W_hh^T's columns for each share of the hidden units, gate by gate (part * gates + gate), when threads share them.</summary>
    public SgemmPackedB[] UnitWeights = [];

    /// <summary>How many shares <see cref="UnitWeights"/> holds; 0 when none.</summary>
    public int UnitParts;

    public void EnsureUnitWeights(int count)
    {
        if (UnitWeights.Length < count)
            UnitWeights = [.. UnitWeights, .. Enumerable.Range(0, count - UnitWeights.Length).Select(_ => new SgemmPackedB())];
    }

    public void EnsureForward(RecurrentMode mode, int rows, int batch, int hidden)
    {
        int gates = mode.GateCount() * hidden;
        Buffers.Grow(ref Gates, rows * gates);
        Buffers.Grow(ref HPrev, rows * hidden);
        if (mode == RecurrentMode.Lstm)
        {
            Buffers.Grow(ref C, rows * hidden);
            Buffers.Grow(ref CPrev, rows * hidden);
        }
        if (mode == RecurrentMode.Gru)
        {
            Buffers.Grow(ref HiddenNew, rows * hidden);
            Buffers.Grow(ref StepScratch, batch * gates);
        }
    }

    public void EnsureBackward(RecurrentMode mode, int rows, int batch, int hidden)
    {
        int gates = mode.GateCount() * hidden;
        Buffers.Grow(ref DGates, rows * gates);
        if (mode == RecurrentMode.Gru)
            Buffers.Grow(ref DHiddenGates, rows * gates);
        Buffers.Grow(ref RowScratch, batch * hidden);
    }
}
