using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Models;

/// <summary>
/// Reduces a batch's packed recurrent output to one row per sequence (batch order) and routes the gradient back.
/// </summary>
internal static class HeadPooling
{
    /// <summary>The top layer's final state per sequence: forward then reverse direction, like <c>cat(h_n[-2], h_n[-1])</c>.</summary>
    public static void LastHidden(ReadOnlySpan<float> hN, int batch, int layers, int directions, int hidden, Span<float> pooled)
    {
        for (int b = 0; b < batch; b++)
            for (int d = 0; d < directions; d++)
                hN.Slice((((layers - 1) * directions + d) * batch + b) * hidden, hidden)
                    .CopyTo(pooled.Slice((b * directions + d) * hidden, hidden));
    }

    /// <summary>Backward of <see cref="LastHidden"/>: the gradient of h_n, zero except the top layer.</summary>
    public static Tensor LastHiddenBackward(ReadOnlySpan<float> gradPooled, int batch, int layers, int directions, int hidden)
    {
        var gradHn = Tensor.Zeros(layers * directions, batch, hidden);
        for (int b = 0; b < batch; b++)
            for (int d = 0; d < directions; d++)
                gradPooled.Slice((b * directions + d) * hidden, hidden)
                    .CopyTo(gradHn.Data.AsSpan((((layers - 1) * directions + d) * batch + b) * hidden, hidden));
        return gradHn;
    }

    /// <summary>Mean over each sequence's valid steps of <paramref name="output"/> (rows of <paramref name="width"/> in <paramref name="layout"/>).</summary>
    public static void Mean(PackedSequence layout, ReadOnlySpan<float> output, int width, Span<float> pooled)
    {
        pooled.Clear();
        for (int t = 0; t < layout.MaxLength; t++)
        {
            int row0 = layout.StepOffset(t);
            for (int i = 0; i < layout.BatchSizes[t]; i++)
            {
                var target = pooled.Slice(layout.SortedIndices[i] * width, width);
                System.Numerics.Tensors.TensorPrimitives.Add(target, output.Slice((row0 + i) * width, width), target);
            }
        }
        for (int b = 0; b < layout.BatchSize; b++)
        {
            var row = pooled.Slice(b * width, width);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1f / layout.LengthOf(b), row);
        }
    }

    /// <summary>Backward of <see cref="Mean"/>: each valid step gets its sequence's gradient over its length.</summary>
    public static void MeanBackward(PackedSequence layout, ReadOnlySpan<float> gradPooled, int width, Span<float> gradOutput)
    {
        for (int t = 0; t < layout.MaxLength; t++)
        {
            int row0 = layout.StepOffset(t);
            for (int i = 0; i < layout.BatchSizes[t]; i++)
            {
                int b = layout.SortedIndices[i];
                System.Numerics.Tensors.TensorPrimitives.Multiply(gradPooled.Slice(b * width, width), 1f / layout.LengthOf(b), gradOutput.Slice((row0 + i) * width, width));
            }
        }
    }

    /// <summary>Element-wise max over each sequence's valid steps; <paramref name="argmaxRows"/> records the winning packed row.</summary>
    public static void Max(PackedSequence layout, ReadOnlySpan<float> output, int width, Span<float> pooled, Span<int> argmaxRows)
    {
        pooled.Fill(float.NegativeInfinity);
        for (int t = 0; t < layout.MaxLength; t++)
        {
            int row0 = layout.StepOffset(t);
            for (int i = 0; i < layout.BatchSizes[t]; i++)
            {
                int b = layout.SortedIndices[i], row = row0 + i;
                for (int j = 0; j < width; j++)
                {
                    float v = output[row * width + j];
                    // Strictly greater: the first step wins ties, so the gradient goes to one row.
                    if (v > pooled[b * width + j])
                    {
                        pooled[b * width + j] = v;
                        argmaxRows[b * width + j] = row;
                    }
                }
            }
        }
    }

    /// <summary>Backward of <see cref="Max"/>: the gradient goes to the winning row of each feature.</summary>
    public static void MaxBackward(ReadOnlySpan<float> gradPooled, ReadOnlySpan<int> argmaxRows, int width, Span<float> gradOutput)
    {
        gradOutput.Clear();
        for (int k = 0; k < gradPooled.Length; k++)
            gradOutput[argmaxRows[k] * width + k % width] += gradPooled[k];
    }
}
