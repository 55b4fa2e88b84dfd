using System.Numerics;
using System.Numerics.Tensors;
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
            var gate = gates.Slice(r * g4, g4);
            var i = gate.Slice(unitStart, units);
            var f = gate.Slice(hidden + unitStart, units);
            var g = gate.Slice(2 * hidden + unitStart, units);
            var o = gate.Slice(3 * hidden + unitStart, units);
            TensorPrimitives.Sigmoid(i, i);
            TensorPrimitives.Sigmoid(f, f);
            TensorPrimitives.Tanh(g, g);
            TensorPrimitives.Sigmoid(o, o);

            var cRow = c.Slice(r * hidden + unitStart, units);
            var hRow = h.Slice(r * hidden + unitStart, units);
            TensorPrimitives.Multiply(f, cPrev.Slice(r * hidden + unitStart, units), cRow);
            TensorPrimitives.FusedMultiplyAdd(i, g, cRow, cRow);
            TensorPrimitives.Tanh(cRow, hRow);
            TensorPrimitives.Multiply(hRow, o, hRow);
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
            TensorPrimitives.Tanh(c.Slice(r * hidden, hidden), tanhC);
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
