using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Rnn.Compute;

/// <summary>
/// The element-wise part of one GRU step, fused per row, with PyTorch's formulation: gates reset (r),
/// update (z), new (n); the hidden bias of n sits inside the reset product:
/// n = tanh(x W_in + b_in + r * (h W_hn + b_hn)), h' = (1 - z) * n + z * h.
/// </summary>
internal static class GruKernels
{
    /// <summary>
    /// <paramref name="gates"/> holds x W_ih^T + b_ih (+ b_hr, b_hz folded in) and becomes r, z, n;
    /// <paramref name="hiddenGates"/> holds h W_hh^T without bias. Writes h W_hn + b_hn to
    /// <paramref name="hiddenNew"/> (kept for backward) and the new state to <paramref name="h"/>, over hidden units
    /// [<paramref name="unitStart"/>, <paramref name="unitStart"/> + <paramref name="units"/>) of each row.
    /// </summary>
    public static void Forward(
        Span<float> gates, ReadOnlySpan<float> hiddenGates, ReadOnlySpan<float> newGateBias, ReadOnlySpan<float> hPrev,
        Span<float> hiddenNew, Span<float> h, int rows, int hidden, int unitStart, int units)
    {
        int g3 = 3 * hidden;
        for (int r = 0; r < rows; r++)
        {
            ForwardRow(
                ref MemoryMarshal.GetReference(gates.Slice(r * g3, g3)),
                ref MemoryMarshal.GetReference(hiddenGates.Slice(r * g3, g3)),
                ref newGateBias.IsEmpty ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetReference(newGateBias[..hidden]),
                ref MemoryMarshal.GetReference(hPrev.Slice(r * hidden, hidden)),
                ref MemoryMarshal.GetReference(hiddenNew.Slice(r * hidden, hidden)),
                ref MemoryMarshal.GetReference(h.Slice(r * hidden, hidden)),
                hidden, unitStart, unitStart + units);
        }
    }

    // Units [start, end) of one row; newGateBias is a null reference when the cell has no biases. Two passes, the gates
    // then the new state, so that each pass's iterations are independent and overlap rather than wait on one long chain
    // of exponentials.
    private static void ForwardRow(
        ref float gate, ref float hiddenGate, ref float newGateBias, ref float hPrev, ref float hiddenNew, ref float h, int hidden, int start, int end)
    {
        bool biased = !Unsafe.IsNullRef(ref newGateBias);
        int whole = end - (end - start) % Vector<float>.Count;
        for (int j = start; j < whole; j += Vector<float>.Count)
        {
            nuint u = (nuint)j, zAt = (nuint)(hidden + j), nAt = (nuint)(2 * hidden + j);
            Activations.Sigmoid(Vector.LoadUnsafe(ref gate, u) + Vector.LoadUnsafe(ref hiddenGate, u)).StoreUnsafe(ref gate, u);
            Activations.Sigmoid(Vector.LoadUnsafe(ref gate, zAt) + Vector.LoadUnsafe(ref hiddenGate, zAt)).StoreUnsafe(ref gate, zAt);
            var hn = Vector.LoadUnsafe(ref hiddenGate, nAt);
            (biased ? hn + Vector.LoadUnsafe(ref newGateBias, u) : hn).StoreUnsafe(ref hiddenNew, u);
        }
        for (int j = start; j < whole; j += Vector<float>.Count)
        {
            nuint u = (nuint)j, nAt = (nuint)(2 * hidden + j);
            var n = Activations.Tanh(Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref gate, u), Vector.LoadUnsafe(ref hiddenNew, u), Vector.LoadUnsafe(ref gate, nAt)));
            n.StoreUnsafe(ref gate, nAt);
            // h' = n + z * (h - n), the same value as (1 - z) * n + z * h with one multiply fewer.
            Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref gate, (nuint)(hidden + j)), Vector.LoadUnsafe(ref hPrev, u) - n, n).StoreUnsafe(ref h, u);
        }
        for (int j = whole; j < end; j++)
        {
            ref float reset = ref Unsafe.Add(ref gate, j), update = ref Unsafe.Add(ref gate, hidden + j), n = ref Unsafe.Add(ref gate, 2 * hidden + j);
            reset = Activations.Sigmoid(reset + Unsafe.Add(ref hiddenGate, j));
            update = Activations.Sigmoid(update + Unsafe.Add(ref hiddenGate, hidden + j));
            float hn = Unsafe.Add(ref hiddenGate, 2 * hidden + j) + (biased ? Unsafe.Add(ref newGateBias, j) : 0f);
            n = Activations.Tanh(MathF.FusedMultiplyAdd(reset, hn, n));
            Unsafe.Add(ref hiddenNew, j) = hn;
            Unsafe.Add(ref h, j) = MathF.FusedMultiplyAdd(update, Unsafe.Add(ref hPrev, j) - n, n);
        }
    }

    /// <summary>
    /// From dh', writes the gradients of the input-side pre-activations (<paramref name="dGates"/>), of the
    /// hidden-side pre-activations (<paramref name="dHiddenGates"/>: equal to dGates for r and z, scaled by r
    /// for n), and replaces <paramref name="dh"/> by the direct part of dh (dh' * z); the caller adds
    /// dHiddenGates W_hh.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> gates, ReadOnlySpan<float> hiddenNew, ReadOnlySpan<float> hPrev, Span<float> dh,
        Span<float> dGates, Span<float> dHiddenGates, int rows, int hidden)
    {
        int g3 = 3 * hidden;
        for (int r = 0; r < rows; r++)
        {
            BackwardRow(
                ref MemoryMarshal.GetReference(gates.Slice(r * g3)),
                ref MemoryMarshal.GetReference(hiddenNew.Slice(r * hidden)),
                ref MemoryMarshal.GetReference(hPrev.Slice(r * hidden)),
                ref MemoryMarshal.GetReference(dh.Slice(r * hidden)),
                ref MemoryMarshal.GetReference(dGates.Slice(r * g3)),
                ref MemoryMarshal.GetReference(dHiddenGates.Slice(r * g3)),
                hidden);
        }
    }

    private static void BackwardRow(ref float gate, ref float hiddenNew, ref float hPrev, ref float dh, ref float dGate, ref float dHiddenGate, int hidden)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One;
            for (; j <= hidden - Vector<float>.Count; j += Vector<float>.Count)
            {
                var r = Vector.LoadUnsafe(ref gate, (nuint)j);
                var z = Vector.LoadUnsafe(ref gate, (nuint)(hidden + j));
                var n = Vector.LoadUnsafe(ref gate, (nuint)(2 * hidden + j));
                var dhv = Vector.LoadUnsafe(ref dh, (nuint)j);
                var dnPre = dhv * (one - z) * (one - n * n);
                var drPre = dnPre * Vector.LoadUnsafe(ref hiddenNew, (nuint)j) * r * (one - r);
                var dzPre = dhv * (Vector.LoadUnsafe(ref hPrev, (nuint)j) - n) * z * (one - z);
                drPre.StoreUnsafe(ref dGate, (nuint)j);
                dzPre.StoreUnsafe(ref dGate, (nuint)(hidden + j));
                dnPre.StoreUnsafe(ref dGate, (nuint)(2 * hidden + j));
                drPre.StoreUnsafe(ref dHiddenGate, (nuint)j);
                dzPre.StoreUnsafe(ref dHiddenGate, (nuint)(hidden + j));
                (dnPre * r).StoreUnsafe(ref dHiddenGate, (nuint)(2 * hidden + j));
                (dhv * z).StoreUnsafe(ref dh, (nuint)j);
            }
        }
        for (; j < hidden; j++)
        {
            float r = Unsafe.Add(ref gate, j), z = Unsafe.Add(ref gate, hidden + j), n = Unsafe.Add(ref gate, 2 * hidden + j);
            float dhv = Unsafe.Add(ref dh, j);
            float dnPre = dhv * (1 - z) * (1 - n * n);
            float drPre = dnPre * Unsafe.Add(ref hiddenNew, j) * r * (1 - r);
            float dzPre = dhv * (Unsafe.Add(ref hPrev, j) - n) * z * (1 - z);
            Unsafe.Add(ref dGate, j) = drPre;
            Unsafe.Add(ref dGate, hidden + j) = dzPre;
            Unsafe.Add(ref dGate, 2 * hidden + j) = dnPre;
            Unsafe.Add(ref dHiddenGate, j) = drPre;
            Unsafe.Add(ref dHiddenGate, hidden + j) = dzPre;
            Unsafe.Add(ref dHiddenGate, 2 * hidden + j) = dnPre * r;
            Unsafe.Add(ref dh, j) = dhv * z;
        }
    }
}
