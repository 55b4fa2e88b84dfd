using System.Numerics.Tensors;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Nn.Recurrent;

/// <summary>
/// One layer in one direction over a packed batch, in phases a caller can spread over threads: forward is
/// <see cref="Project"/> then <see cref="Steps"/>; backward is <see cref="PrepareBackward"/>, <see cref="BackSteps"/>,
/// then <see cref="WeightGradients"/> and <see cref="InputGradient"/>.
/// </summary>
/// <remarks>
/// Forward projects every row's input with one large GEMM, then per step runs one small GEMM on the rows still
/// active (h_prev W_hh^T) and the fused gate kernel. Backward keeps only dh_{t-1} = dG_t W_hh sequential; the weight
/// gradients are one GEMM each over all rows after the loop. W_hh is packed once per pass into the tape
/// (<see cref="SgemmPackedB"/>), or once for good when the weights are frozen, since for a few dozen rows repacking
/// it every step would cost about as much as the multiply. The state buffers are in sorted order, so the active rows
/// of any step are a prefix, and the reverse direction starts each sequence at its own last step simply because a
/// row joins the prefix at that step holding h0. Sequences never interact, so the step loops take a range of them
/// [first, last): two threads can each run half of the sequences through every step with no synchronisation until
/// the end, and every row gets the same bits whichever range it falls in.
/// </remarks>
internal static class DirectionPass
{
    /// <summary>
    /// The input projection x W_ih^T + biases of every row into the tape, and W_hh^T packed for the steps (both packed
    /// weights kept from the last pass when <paramref name="weightsFrozen"/>). <paramref name="parallel"/> lets the GEMM use every core.
    /// </summary>
    public static void Project(
        RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden,
        ReadOnlySpan<float> input, bool parallel, bool weightsFrozen)
    {
        int rows = layout.TotalRows, gates = mode.GateCount() * hidden, inputSize = w.InputSize;
        tape.EnsureForward(mode, rows, layout.BatchSize, hidden);
        var allGates = tape.Gates.AsSpan(0, rows * gates);
        if (weightsFrozen)
        {
            // A serving copy projects one short sequence per call, where packing W_ih would be much of the product.
            if (!tape.HoldsInputWeights)
            {
                tape.InputWeights.Pack(true, inputSize, gates, w.WeightIh.Value, inputSize);
                tape.HoldsInputWeights = true;
            }
            Sgemm.Multiply(false, rows, 1f, input, inputSize, tape.InputWeights, 0f, allGates, gates, parallel);
        }
        else
        {
            Sgemm.Multiply(false, true, rows, gates, inputSize, 1f, input, inputSize, w.WeightIh.Value, inputSize, 0f, allGates, gates, parallel);
        }
        AddBiases(mode, w, tape, allGates, gates, hidden);
        PackForSteps(w, tape, hidden, gates, weightsFrozen);
    }

    /// <summary>
    /// As <see cref="Project"/> for a frozen first layer fed token ids: each row's projection is copied from a table of
    /// every token's projection, made on the first pass by the same GEMM and bias addition over the embedding matrix (a
    /// product's elements do not depend on which rows share it), so the gates are the bits <see cref="Project"/> gives.
    /// For small vocabularies, where the table is small and copying a row is far cheaper than computing it.
    /// </summary>
    public static void ProjectTokens(RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden, TokenInput tokens, bool parallel)
    {
        int rows = layout.TotalRows, gates = mode.GateCount() * hidden, inputSize = w.InputSize, vocabulary = tokens.Embedding.Shape[0];
        tape.EnsureForward(mode, rows, layout.BatchSize, hidden);
        if (!tape.HoldsTokenGates)
        {
            Buffers.Grow(ref tape.TokenGates, (long)vocabulary * gates);
            var projections = tape.TokenGates.AsSpan(0, vocabulary * gates);
            Sgemm.Multiply(false, true, vocabulary, gates, inputSize, 1f, tokens.Embedding.Value, inputSize, w.WeightIh.Value, inputSize, 0f, projections, gates, parallel);
            AddBiases(mode, w, tape, projections, gates, hidden);
            tape.HoldsTokenGates = true;
        }
        // Copying is bound by memory bandwidth, which a second core adds to once there are megabytes to copy.
        int parts = parallel && (long)rows * gates >= MinFloatsToGatherInParallel ? ThreadTeam.MaxThreads : 1;
        ThreadTeam.Run(new GatherRows(tape.TokenGates, tape.Gates, tokens.Ids, gates, rows), parts);
        PackForSteps(w, tape, hidden, gates, weightsFrozen: true);
    }

    // Rows x gates floats from which ProjectTokens copies on the thread team rather than on one thread (1 MiB).
    private const long MinFloatsToGatherInParallel = 1 << 18;

    /// <summary>Copies each row's projection from the table of every token's (<see cref="ProjectTokens"/>); parts take equal ranges of rows.</summary>
    private readonly struct GatherRows(float[] table, float[] gates, int[] ids, int width, int rows) : ITeamJob
    {
        public void RunPart(int part, int parts)
        {
            int first = (int)((long)rows * part / parts), last = (int)((long)rows * (part + 1) / parts);
            for (int r = first; r < last; r++)
                table.AsSpan(ids[r] * width, width).CopyTo(gates.AsSpan(r * width, width));
        }
    }

    // W_hh^T packed for the steps, unless frozen weights already left it packed.
    private static void PackForSteps(DirectionWeights w, DirectionTape tape, int hidden, int gates, bool weightsFrozen)
    {
        if (weightsFrozen && tape.HoldsForwardWeights)
            return;
        tape.HiddenWeights.Pack(true, hidden, gates, w.WeightHh.Value, hidden);
        tape.HoldsForwardWeights = true;
    }

    /// <summary>
    /// Runs sorted sequences [<paramref name="first"/>, <paramref name="last"/>) through every step, after
    /// <see cref="Project"/>. <paramref name="hState"/> (batch, H, sorted) holds h0 on entry and h_n on return;
    /// <paramref name="cState"/> likewise c0 and c_n for an LSTM, empty otherwise. The direction writes columns
    /// [outputOffset, outputOffset + H) of <paramref name="output"/> (rows, outputWidth).
    /// </summary>
    public static void Steps(
        RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden,
        Span<float> output, int outputWidth, int outputOffset, Span<float> hState, Span<float> cState, int first, int last)
    {
        int gates = mode.GateCount() * hidden;
        SgemmPackedB weightHhT = tape.HiddenWeights;
        ReadOnlySpan<float> newGateBias = mode == RecurrentMode.Gru && w.BiasHh is not null ? w.BiasHh.Value[(2 * hidden)..] : default;
        int steps = layout.MaxLength;
        for (int s = 0; s < steps; s++)
        {
            int t = w.Reverse ? steps - 1 - s : s;
            int active = Math.Min(layout.BatchSizes[t], last) - first;
            if (active <= 0)
                continue;
            int row0 = layout.StepOffset(t) + first;
            var hPrev = tape.HPrev.AsSpan(row0 * hidden, active * hidden);
            var h = hState.Slice(first * hidden, active * hidden);
            h.CopyTo(hPrev);
            var stepGates = tape.Gates.AsSpan(row0 * gates, active * gates);

            switch (mode)
            {
                case RecurrentMode.Lstm:
                    Sgemm.Multiply(false, active, 1f, hPrev, hidden, weightHhT, 1f, stepGates, gates, allowParallel: false);
                    var cPrev = tape.CPrev.AsSpan(row0 * hidden, active * hidden);
                    var c = tape.C.AsSpan(row0 * hidden, active * hidden);
                    var cRows = cState.Slice(first * hidden, active * hidden);
                    cRows.CopyTo(cPrev);
                    LstmKernels.Forward(stepGates, cPrev, c, h, active, hidden, 0, hidden);
                    c.CopyTo(cRows);
                    break;
                case RecurrentMode.Gru:
                    var hiddenGates = tape.StepScratch.AsSpan(first * gates, active * gates);
                    Sgemm.Multiply(false, active, 1f, hPrev, hidden, weightHhT, 0f, hiddenGates, gates, allowParallel: false);
                    GruKernels.Forward(stepGates, hiddenGates, newGateBias, hPrev, tape.HiddenNew.AsSpan(row0 * hidden, active * hidden), h, active, hidden, 0, hidden);
                    break;
                default:
                    Sgemm.Multiply(false, active, 1f, hPrev, hidden, weightHhT, 1f, stepGates, gates, allowParallel: false);
                    RnnKernels.Forward(stepGates, mode == RecurrentMode.RnnRelu);
                    stepGates.CopyTo(h);
                    break;
            }

            for (int i = 0; i < active; i++)
                h.Slice(i * hidden, hidden).CopyTo(output.Slice((row0 + i) * outputWidth + outputOffset, hidden));
        }
    }

    /// <summary>
    /// Packs, for each of <paramref name="parts"/> shares of the hidden units, the columns of W_hh^T those units' gates
    /// need, gate by gate, for <see cref="UnitSteps"/> (kept from the last pass when <paramref name="weightsFrozen"/>).
    /// </summary>
    public static void PackUnits(RecurrentMode mode, DirectionWeights w, DirectionTape tape, int hidden, int parts, bool weightsFrozen)
    {
        if (weightsFrozen && tape.UnitParts == parts)
            return;
        int gateCount = mode.GateCount();
        tape.EnsureUnitWeights(parts * gateCount);
        for (int part = 0; part < parts; part++)
        {
            var (first, units) = UnitRange(hidden, part, parts);
            for (int g = 0; g < gateCount; g++)
                tape.UnitWeights[part * gateCount + g].Pack(true, hidden, units, w.WeightHh.Value[((g * hidden + first) * hidden)..], hidden);
        }
        tape.UnitParts = parts;
    }

    /// <summary>
    /// As <see cref="Steps"/> for every sequence, computing only hidden units <see cref="UnitRange"/> of
    /// <paramref name="part"/>: the parts run at once on the thread team, each multiplying the whole previous state by
    /// its share of W_hh (packed by <see cref="PackUnits"/>), and meet at <paramref name="barrier"/> once per step,
    /// when every unit of the previous state is in place. For one or a few long sequences, where there are not
    /// enough sequences to share.
    /// </summary>
    public static void UnitSteps(
        RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden,
        Span<float> output, int outputWidth, int outputOffset, Span<float> hState, Span<float> cState, int part, int parts, StepBarrier barrier)
    {
        int gateCount = mode.GateCount(), gates = gateCount * hidden;
        var (first, units) = UnitRange(hidden, part, parts);
        ReadOnlySpan<float> newGateBias = mode == RecurrentMode.Gru && w.BiasHh is not null ? w.BiasHh.Value[(2 * hidden)..] : default;
        int steps = layout.MaxLength;
        for (int s = 0; s < steps; s++)
        {
            int t = w.Reverse ? steps - 1 - s : s;
            int active = layout.BatchSizes[t], row0 = layout.StepOffset(t);
            var hPrev = tape.HPrev.AsSpan(row0 * hidden, active * hidden);
            var h = hState[..(active * hidden)];
            for (int i = 0; i < active; i++)
                h.Slice(i * hidden + first, units).CopyTo(hPrev.Slice(i * hidden + first, units));
            // Every part's units of the previous state, before any part multiplies by all of them.
            barrier.SignalAndWait(parts);

            var stepGates = tape.Gates.AsSpan(row0 * gates, active * gates);
            var gemmOutput = mode == RecurrentMode.Gru ? tape.StepScratch.AsSpan(0, active * gates) : stepGates;
            float beta = mode == RecurrentMode.Gru ? 0f : 1f;
            for (int g = 0; g < gateCount; g++)
                Sgemm.Multiply(false, active, 1f, hPrev, hidden, tape.UnitWeights[part * gateCount + g], beta, gemmOutput[(g * hidden + first)..], gates, allowParallel: false);

            switch (mode)
            {
                case RecurrentMode.Lstm:
                    var cPrev = tape.CPrev.AsSpan(row0 * hidden, active * hidden);
                    var c = tape.C.AsSpan(row0 * hidden, active * hidden);
                    for (int i = 0; i < active; i++)
                        cState.Slice(i * hidden + first, units).CopyTo(cPrev.Slice(i * hidden + first, units));
                    LstmKernels.Forward(stepGates, cPrev, c, h, active, hidden, first, units);
                    for (int i = 0; i < active; i++)
                        c.Slice(i * hidden + first, units).CopyTo(cState.Slice(i * hidden + first, units));
                    break;
                case RecurrentMode.Gru:
                    GruKernels.Forward(stepGates, gemmOutput, newGateBias, hPrev, tape.HiddenNew.AsSpan(row0 * hidden, active * hidden), h, active, hidden, first, units);
                    break;
                default:
                    for (int i = 0; i < active; i++)
                    {
                        var pre = stepGates.Slice(i * hidden + first, units);
                        RnnKernels.Forward(pre, mode == RecurrentMode.RnnRelu);
                        pre.CopyTo(h.Slice(i * hidden + first, units));
                    }
                    break;
            }

            for (int i = 0; i < active; i++)
                h.Slice(i * hidden + first, units).CopyTo(output.Slice((row0 + i) * outputWidth + outputOffset + first, units));
        }
    }

    /// <summary>
    /// The hidden units part <paramref name="part"/> of <paramref name="parts"/> computes: equal shares on 16-unit
    /// boundaries, so each share's rows stay whole vectors.
    /// </summary>
    public static (int First, int Units) UnitRange(int hidden, int part, int parts)
    {
        int Boundary(int p) => p == parts ? hidden : (int)((long)hidden * p / parts / 16 * 16);
        return (Boundary(part), Boundary(part + 1) - Boundary(part));
    }

    /// <summary>Readies the tape for <see cref="BackSteps"/>: its gradient buffers, and W_hh packed for dG W_hh.</summary>
    public static void PrepareBackward(RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden)
    {
        tape.EnsureBackward(mode, layout.TotalRows, layout.BatchSize, hidden);
        tape.HiddenWeights.Pack(false, mode.GateCount() * hidden, hidden, w.WeightHh.Value, hidden);
        tape.HoldsForwardWeights = false;
    }

    /// <summary>
    /// Backward through time for sorted sequences [<paramref name="first"/>, <paramref name="last"/>): fills the tape's
    /// gate gradients. <paramref name="dOutput"/> (rows, outputWidth) is the gradient of the layer output, or empty for
    /// none; <paramref name="dhState"/> (batch, H, sorted) holds dL/dh_n on entry and dL/dh0 on return, and
    /// <paramref name="dcState"/> likewise for the LSTM cell state.
    /// </summary>
    public static void BackSteps(
        RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden,
        ReadOnlySpan<float> dOutput, int outputWidth, int outputOffset, Span<float> dhState, Span<float> dcState, int first, int last)
    {
        int rows = layout.TotalRows, gates = mode.GateCount() * hidden;
        var dGates = tape.DGates.AsSpan(0, rows * gates);
        var dHiddenGates = mode == RecurrentMode.Gru ? tape.DHiddenGates.AsSpan(0, rows * gates) : dGates;
        SgemmPackedB weightHh = tape.HiddenWeights;
        var scratch = tape.RowScratch.AsSpan(first * hidden, hidden);

        int steps = layout.MaxLength;
        for (int s = 0; s < steps; s++)
        {
            int t = w.Reverse ? s : steps - 1 - s;
            int active = Math.Min(layout.BatchSizes[t], last) - first;
            if (active <= 0)
                continue;
            int row0 = layout.StepOffset(t) + first;
            var dh = dhState.Slice(first * hidden, active * hidden);
            if (!dOutput.IsEmpty)
            {
                for (int i = 0; i < active; i++)
                {
                    var row = dh.Slice(i * hidden, hidden);
                    TensorPrimitives.Add(row, dOutput.Slice((row0 + i) * outputWidth + outputOffset, hidden), row);
                }
            }
            var stepGates = tape.Gates.AsSpan(row0 * gates, active * gates);
            var stepDGates = dGates.Slice(row0 * gates, active * gates);
            switch (mode)
            {
                case RecurrentMode.Lstm:
                    LstmKernels.Backward(stepGates, tape.C.AsSpan(row0 * hidden, active * hidden), tape.CPrev.AsSpan(row0 * hidden, active * hidden),
                        dh, dcState.Slice(first * hidden, active * hidden), stepDGates, scratch, active, hidden);
                    Sgemm.Multiply(false, active, 1f, stepDGates, gates, weightHh, 0f, dh, hidden, allowParallel: false);
                    break;
                case RecurrentMode.Gru:
                    var stepDHidden = dHiddenGates.Slice(row0 * gates, active * gates);
                    GruKernels.Backward(stepGates, tape.HiddenNew.AsSpan(row0 * hidden, active * hidden), tape.HPrev.AsSpan(row0 * hidden, active * hidden),
                        dh, stepDGates, stepDHidden, active, hidden);
                    Sgemm.Multiply(false, active, 1f, stepDHidden, gates, weightHh, 1f, dh, hidden, allowParallel: false);
                    break;
                default:
                    RnnKernels.Backward(stepGates, dh, stepDGates, mode == RecurrentMode.RnnRelu);
                    Sgemm.Multiply(false, active, 1f, stepDGates, gates, weightHh, 0f, dh, hidden, allowParallel: false);
                    break;
            }
        }
    }

    /// <summary>The weight and bias gradients from the tape's gate gradients (accumulated into the store's gradient buffer).</summary>
    public static void WeightGradients(RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden,
        ReadOnlySpan<float> input, bool parallel)
    {
        int rows = layout.TotalRows, gates = mode.GateCount() * hidden, inputSize = w.InputSize;
        var dGates = tape.DGates.AsSpan(0, rows * gates);
        var dHiddenGates = mode == RecurrentMode.Gru ? tape.DHiddenGates.AsSpan(0, rows * gates) : dGates;
        Sgemm.Multiply(true, false, gates, inputSize, rows, 1f, dGates, gates, input, inputSize, 1f, w.WeightIh.Gradient, inputSize, parallel);
        Sgemm.Multiply(true, false, gates, hidden, rows, 1f, dHiddenGates, gates, tape.HPrev.AsSpan(0, rows * hidden), hidden, 1f, w.WeightHh.Gradient, hidden, parallel);
        if (w.BiasIh is not null && w.BiasHh is not null)
        {
            SumRowsInto(dGates, gates, w.BiasIh.Gradient);
            SumRowsInto(dHiddenGates, gates, w.BiasHh.Gradient);
        }
    }

    /// <summary>dInput (+)= dGates W_ih, after <see cref="BackSteps"/> filled the tape's gate gradients.</summary>
    public static void InputGradient(RecurrentMode mode, DirectionWeights w, DirectionTape tape, int rows, int hidden, Span<float> dInput, bool accumulate)
    {
        int gates = mode.GateCount() * hidden;
        Sgemm.Multiply(false, false, rows, w.InputSize, gates, 1f, tape.DGates.AsSpan(0, rows * gates), gates,
            w.WeightIh.Value, w.InputSize, accumulate ? 1f : 0f, dInput, w.InputSize);
    }

    private static void AddBiases(RecurrentMode mode, DirectionWeights w, DirectionTape tape, Span<float> allGates, int gates, int hidden)
    {
        if (w.BiasIh is null || w.BiasHh is null)
            return;
        // Fold b_hh into the input projection, except GRU's b_hn, which the reset gate multiplies.
        Buffers.Grow(ref tape.FoldedBias, gates);
        var combined = tape.FoldedBias.AsSpan(0, gates);
        TensorPrimitives.Add(w.BiasIh.Value, w.BiasHh.Value, combined);
        if (mode == RecurrentMode.Gru)
            w.BiasIh.Value[(2 * hidden)..].CopyTo(combined[(2 * hidden)..]);
        for (int r = 0; r < allGates.Length; r += gates)
        {
            var row = allGates.Slice(r, gates);
            TensorPrimitives.Add(row, combined, row);
        }
    }

    private static void SumRowsInto(ReadOnlySpan<float> matrix, int width, Span<float> sums)
    {
        for (int r = 0; r < matrix.Length; r += width)
            TensorPrimitives.Add(sums, matrix.Slice(r, width), sums);
    }
}
