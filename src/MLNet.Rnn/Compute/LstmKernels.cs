using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Rnn.Compute;

/// <summary>
/// The element-wise part of one LSTM step, fused per row. Gates are laid out like PyTorch's weights:
/// input, forget, cell (g), output, each <c>hidden</c> wide.
/// </summary>
internal static class LstmKernels
{
    /// <summary>
    /// Turns pre-activations into activations in place (i, f, o through sigmoid, g through tanh) and computes
    /// c = f * cPrev + i * g and h = o * tanh(c) for <paramref name="rows"/> rows, over hidden units
    /// [<paramref name="unitStart"/>, <paramref name="unitStart"/> + <paramref name="units"/>) of each (all of them, or
    /// one thread's share).
    /// </summary>
    public static void Forward(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> h, int rows, int hidden, int unitStart, int units)
    {
        int g4 = 4 * hidden;
        for (int r = 0; r < rows; r++)
        {
            ForwardRow(
                ref MemoryMarshal.GetReference(gates.Slice(r * g4, g4)),
                ref MemoryMarshal.GetReference(cPrev.Slice(r * hidden, hidden)),
                ref MemoryMarshal.GetReference(c.Slice(r * hidden, hidden)),
                ref MemoryMarshal.GetReference(h.Slice(r * hidden, hidden)),
                hidden, unitStart, unitStart + units);
        }
    }

    // Units [start, end) of one row. Two passes, the gates and cell then the output, so that each pass's iterations are
    // independent and overlap rather than wait on one long chain of exponentials.
    private static void ForwardRow(ref float gate, ref float cPrev, ref float c, ref float h, int hidden, int start, int end)
    {
        int whole = end - (end - start) % Vector<float>.Count;
        for (int j = start; j < whole; j += Vector<float>.Count)
        {
            nuint u = (nuint)j, fAt = (nuint)(hidden + j), gAt = (nuint)(2 * hidden + j), oAt = (nuint)(3 * hidden + j);
            var input = Activations.Sigmoid(Vector.LoadUnsafe(ref gate, u));
            var forget = Activations.Sigmoid(Vector.LoadUnsafe(ref gate, fAt));
            var cell = Activations.Tanh(Vector.LoadUnsafe(ref gate, gAt));
            input.StoreUnsafe(ref gate, u);
            forget.StoreUnsafe(ref gate, fAt);
            cell.StoreUnsafe(ref gate, gAt);
            Activations.Sigmoid(Vector.LoadUnsafe(ref gate, oAt)).StoreUnsafe(ref gate, oAt);
            Vector.FusedMultiplyAdd(input, cell, forget * Vector.LoadUnsafe(ref cPrev, u)).StoreUnsafe(ref c, u);
        }
        for (int j = start; j < whole; j += Vector<float>.Count)
            (Activations.Tanh(Vector.LoadUnsafe(ref c, (nuint)j)) * Vector.LoadUnsafe(ref gate, (nuint)(3 * hidden + j))).StoreUnsafe(ref h, (nuint)j);
        for (int j = whole; j < end; j++)
        {
            ref float input = ref Unsafe.Add(ref gate, j), forget = ref Unsafe.Add(ref gate, hidden + j);
            ref float cell = ref Unsafe.Add(ref gate, 2 * hidden + j), output = ref Unsafe.Add(ref gate, 3 * hidden + j);
            input = Activations.Sigmoid(input);
            forget = Activations.Sigmoid(forget);
            cell = Activations.Tanh(cell);
            output = Activations.Sigmoid(output);
            float cNew = MathF.FusedMultiplyAdd(input, cell, forget * Unsafe.Add(ref cPrev, j));
            Unsafe.Add(ref c, j) = cNew;
            Unsafe.Add(ref h, j) = Activations.Tanh(cNew) * output;
        }
    }

    /// <summary>
    /// Gradients of the pre-activations from dh and dc: writes <paramref name="dGates"/> and replaces
    /// <paramref name="dc"/> by the gradient of the previous cell state. <paramref name="scratch"/> holds
    /// <c>hidden</c> floats.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> gates, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> dh,
        Span<float> dc, Span<float> dGates, Span<float> scratch, int rows, int hidden)
    {
        int g4 = 4 * hidden;
        var tanhC = scratch[..hidden];
        for (int r = 0; r < rows; r++)
        {
            Activations.Tanh(c.Slice(r * hidden, hidden), tanhC);
            BackwardRow(
                ref MemoryMarshal.GetReference(gates.Slice(r * g4)),
                ref MemoryMarshal.GetReference(tanhC),
                ref MemoryMarshal.GetReference(cPrev.Slice(r * hidden)),
                ref MemoryMarshal.GetReference(dh.Slice(r * hidden)),
                ref MemoryMarshal.GetReference(dc.Slice(r * hidden)),
                ref MemoryMarshal.GetReference(dGates.Slice(r * g4)),
                hidden);
        }
    }

    private static void BackwardRow(ref float gate, ref float tanhC, ref float cPrev, ref float dh, ref float dc, ref float dGate, int hidden)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One;
            for (; j <= hidden - Vector<float>.Count; j += Vector<float>.Count)
            {
                var i = Vector.LoadUnsafe(ref gate, (nuint)j);
                var f = Vector.LoadUnsafe(ref gate, (nuint)(hidden + j));
                var g = Vector.LoadUnsafe(ref gate, (nuint)(2 * hidden + j));
                var o = Vector.LoadUnsafe(ref gate, (nuint)(3 * hidden + j));
                var tc = Vector.LoadUnsafe(ref tanhC, (nuint)j);
                var dhv = Vector.LoadUnsafe(ref dh, (nuint)j);
                var dcTotal = Vector.LoadUnsafe(ref dc, (nuint)j) + dhv * o * (one - tc * tc);
                (dcTotal * g * i * (one - i)).StoreUnsafe(ref dGate, (nuint)j);
                (dcTotal * Vector.LoadUnsafe(ref cPrev, (nuint)j) * f * (one - f)).StoreUnsafe(ref dGate, (nuint)(hidden + j));
                (dcTotal * i * (one - g * g)).StoreUnsafe(ref dGate, (nuint)(2 * hidden + j));
                (dhv * tc * o * (one - o)).StoreUnsafe(ref dGate, (nuint)(3 * hidden + j));
                (dcTotal * f).StoreUnsafe(ref dc, (nuint)j);
            }
        }
        for (; j < hidden; j++)
        {
            float i = Unsafe.Add(ref gate, j), f = Unsafe.Add(ref gate, hidden + j);
            float g = Unsafe.Add(ref gate, 2 * hidden + j), o = Unsafe.Add(ref gate, 3 * hidden + j);
            float tc = Unsafe.Add(ref tanhC, j), dhv = Unsafe.Add(ref dh, j);
            float dcTotal = Unsafe.Add(ref dc, j) + dhv * o * (1 - tc * tc);
            Unsafe.Add(ref dGate, j) = dcTotal * g * i * (1 - i);
            Unsafe.Add(ref dGate, hidden + j) = dcTotal * Unsafe.Add(ref cPrev, j) * f * (1 - f);
            Unsafe.Add(ref dGate, 2 * hidden + j) = dcTotal * i * (1 - g * g);
            Unsafe.Add(ref dGate, 3 * hidden + j) = dhv * tc * o * (1 - o);
            Unsafe.Add(ref dc, j) = dcTotal * f;
        }
    }
}
