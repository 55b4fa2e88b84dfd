using System.Numerics.Tensors;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Nn.Recurrent;

/// <summary>
/// One layer in one direction over a packed batch: forward, then backward through time.
/// </summary>
/// <remarks>
/// Forward projects every row's input with one large GEMM, then per step runs one small GEMM on the rows
/// still active (h_prev W_hh^T) and the fused gate kernel. Backward keeps only dh_{t-1} = dG_t W_hh
/// sequential; the weight gradients are one GEMM each over all rows after the loop. W_hh is packed once per
/// pass into the tape (<see cref="SgemmPackedB"/>), since for a few dozen rows repacking it every step would
/// cost about as much as the multiply. The per-step GEMMs run on the calling thread: splitting a few-microsecond
/// product gained under a tenth at best on two otherwise idle cores, and when the cores are shared it made whole
/// passes up to four times slower, as the waiting threads spin against the work; <c>parallel</c> applies to the
/// large GEMMs over all rows. The state buffers are in sorted order, so the active rows of any step are a
/// prefix: the reverse direction starts each sequence at its own last step simply because a row joins the
/// prefix at that step holding h0.
/// </remarks>
internal static class DirectionPass
{
    /// <summary>
    /// Runs the direction over <paramref name="input"/> (rows, input size). <paramref name="hState"/> (batch, H,
    /// sorted) holds h0 on entry and h_n on return; <paramref name="cState"/> likewise c0 and c_n for an LSTM,
    /// empty otherwise. The direction writes columns [outputOffset, outputOffset + H) of <paramref name="output"/>
    /// (rows, outputWidth). <paramref name="parallel"/> lets the input projection use every core.
    /// </summary>
    public static void Forward(
        RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden,
        ReadOnlySpan<float> input, Span<float> output, int outputWidth, int outputOffset,
        Span<float> hState, Span<float> cState, bool parallel)
    {
        int rows = layout.TotalRows, gates = mode.GateCount() * hidden, inputSize = w.InputSize;
        tape.EnsureForward(mode, rows, layout.BatchSize, hidden);
        var allGates = tape.Gates.AsSpan(0, rows * gates);

        Sgemm.Multiply(false, true, rows, gates, inputSize, 1f, input, inputSize, w.WeightIh.Value, inputSize, 0f, allGates, gates, parallel);
        AddBiases(mode, w, tape, allGates, gates, hidden);

        SgemmPackedB weightHhT = tape.HiddenWeights;
        weightHhT.Pack(true, hidden, gates, w.WeightHh.Value, hidden);
        ReadOnlySpan<float> newGateBias = mode == RecurrentMode.Gru && w.BiasHh is not null ? w.BiasHh.Value[(2 * hidden)..] : default;
        int steps = layout.MaxLength;
        for (int s = 0; s < steps; s++)
        {
            int t = w.Reverse ? steps - 1 - s : s;
            int active = layout.BatchSizes[t], row0 = layout.StepOffset(t);
            var hPrev = tape.HPrev.AsSpan(row0 * hidden, active * hidden);
            var h = hState[..(active * hidden)];
            h.CopyTo(hPrev);
            var stepGates = allGates.Slice(row0 * gates, active * gates);

            switch (mode)
            {
                case RecurrentMode.Lstm:
                    Sgemm.Multiply(false, active, 1f, hPrev, hidden, weightHhT, 1f, stepGates, gates, allowParallel: false);
                    var cPrev = tape.CPrev.AsSpan(row0 * hidden, active * hidden);
                    var c = tape.C.AsSpan(row0 * hidden, active * hidden);
                    cState[..(active * hidden)].CopyTo(cPrev);
                    LstmKernels.Forward(stepGates, cPrev, c, h, active, hidden);
                    c.CopyTo(cState);
                    break;
                case RecurrentMode.Gru:
                    var hiddenGates = tape.StepScratch.AsSpan(0, active * gates);
                    Sgemm.Multiply(false, active, 1f, hPrev, hidden, weightHhT, 0f, hiddenGates, gates, allowParallel: false);
                    GruKernels.Forward(stepGates, hiddenGates, newGateBias, hPrev, tape.HiddenNew.AsSpan(row0 * hidden, active * hidden), h, active, hidden);
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
    /// Backward through time and the weight gradients (accumulated into the store's gradient buffer).
    /// <paramref name="dOutput"/> (rows, outputWidth) is the gradient of the layer output, or empty for none;
    /// <paramref name="dhState"/> (batch, H, sorted) holds dL/dh_n on entry and dL/dh0 on return, and
    /// <paramref name="dcState"/> likewise for the LSTM cell state. The input gradient is left to
    /// <see cref="InputGradient"/> so two directions can run concurrently.
    /// </summary>
    public static void Backward(
        RecurrentMode mode, DirectionWeights w, DirectionTape tape, PackedSequence layout, int hidden,
        ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int outputWidth, int outputOffset,
        Span<float> dhState, Span<float> dcState, bool parallel)
    {
        int rows = layout.TotalRows, gates = mode.GateCount() * hidden, inputSize = w.InputSize;
        tape.EnsureBackward(mode, rows, hidden);
        var dGates = tape.DGates.AsSpan(0, rows * gates);
        var dHiddenGates = mode == RecurrentMode.Gru ? tape.DHiddenGates.AsSpan(0, rows * gates) : dGates;
        SgemmPackedB weightHh = tape.HiddenWeights;
        weightHh.Pack(false, gates, hidden, w.WeightHh.Value, hidden);

        int steps = layout.MaxLength;
        for (int s = 0; s < steps; s++)
        {
            int t = w.Reverse ? s : steps - 1 - s;
            int active = layout.BatchSizes[t], row0 = layout.StepOffset(t);
            var dh = dhState[..(active * hidden)];
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
                        dh, dcState[..(active * hidden)], stepDGates, tape.RowScratch, active, hidden);
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

        Sgemm.Multiply(true, false, gates, inputSize, rows, 1f, dGates, gates, input, inputSize, 1f, w.WeightIh.Gradient, inputSize, parallel);
        Sgemm.Multiply(true, false, gates, hidden, rows, 1f, dHiddenGates, gates, tape.HPrev.AsSpan(0, rows * hidden), hidden, 1f, w.WeightHh.Gradient, hidden, parallel);
        if (w.BiasIh is not null && w.BiasHh is not null)
        {
            SumRowsInto(dGates, gates, w.BiasIh.Gradient);
            SumRowsInto(dHiddenGates, gates, w.BiasHh.Gradient);
        }
    }

    /// <summary>dInput (+)= dGates W_ih, after <see cref="Backward"/> filled the tape's gate gradients.</summary>
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
