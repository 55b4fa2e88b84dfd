using System.Numerics;
using System.Numerics.Tensors;

namespace MLNet.Rnn.Compute;

/// <summary>The element-wise part of one Elman RNN step: h' = tanh(pre) or relu(pre).</summary>
internal static class RnnKernels
{
    /// <summary>Applies the nonlinearity to <paramref name="preActivation"/> in place.</summary>
    public static void Forward(Span<float> preActivation, bool relu)
    {
        if (relu)
            TensorPrimitives.Max(preActivation, 0f, preActivation);
        else
            Activations.Tanh(preActivation, preActivation);
    }

    /// <summary>dPre = dh * f'(pre), written from the activations <paramref name="h"/> = f(pre).</summary>
    public static void Backward(ReadOnlySpan<float> h, ReadOnlySpan<float> dh, Span<float> dPre, bool relu)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= h.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                var hv = new Vector<float>(h[j..]);
                var dhv = new Vector<float>(dh[j..]);
                var result = relu
                    ? Vector.ConditionalSelect(Vector.GreaterThan(hv, Vector<float>.Zero), dhv, Vector<float>.Zero)
                    : dhv * (Vector<float>.One - hv * hv);
                result.CopyTo(dPre[j..]);
            }
        }
        for (; j < h.Length; j++)
            dPre[j] = relu ? (h[j] > 0 ? dh[j] : 0) : dh[j] * (1 - h[j] * h[j]);
    }
}
