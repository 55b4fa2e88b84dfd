using System.Numerics.Tensors;

namespace MLNet.Rnn.Training;

/// <summary>The losses, each returning its value and writing dL/d(prediction) with PyTorch's mean reduction.</summary>
internal static class Losses
{
    /// <summary>
    /// Cross-entropy of softmax(<paramref name="logits"/>) against class ids, averaged over the rows
    /// (<c>torch.nn.functional.cross_entropy</c>). Writes (softmax - onehot) / rows to <paramref name="gradLogits"/>.
    /// </summary>
    /// <param name="logits"><c>rows x classes</c>, row-major.</param>
    /// <param name="classes">Classes per row.</param>
    /// <param name="targets">One class id per row, in [0, classes).</param>
    /// <param name="gradLogits">Same size as <paramref name="logits"/>; overwritten.</param>
    /// <exception cref="ArgumentException">Sizes disagree or a target is out of range.</exception>
    public static double CrossEntropy(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> targets, Span<float> gradLogits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        int rows = targets.Length;
        if (rows == 0 || logits.Length != rows * classes || gradLogits.Length != logits.Length)
            throw new ArgumentException($"Expected {rows} (> 0) rows of {classes} logits and as many gradients; got {logits.Length} logits and {gradLogits.Length} gradients.", nameof(logits));
        double total = 0;
        float scale = 1f / rows;
        for (int r = 0; r < rows; r++)
        {
            int target = targets[r];
            if ((uint)target >= (uint)classes)
                throw new ArgumentException($"Target {target} of row {r} is outside [0, {classes}).", nameof(targets));
            var row = logits.Slice(r * classes, classes);
            var grad = gradLogits.Slice(r * classes, classes);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, grad);
            TensorPrimitives.Exp(grad, grad);
            double sum = TensorPrimitives.Sum<float>(grad);
            total += Math.Log(sum) - (row[target] - max);
            TensorPrimitives.Multiply(grad, (float)(scale / sum), grad);
            grad[target] -= scale;
        }
        return total / rows;
    }

    /// <summary>
    /// Mean squared error over every value (<c>torch.nn.functional.mse_loss</c>). Writes 2 (prediction - target) / count
    /// to <paramref name="gradPredictions"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes disagree or there are no values.</exception>
    public static double MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradPredictions)
    {
        if (predictions.Length == 0 || predictions.Length != targets.Length || gradPredictions.Length != predictions.Length)
            throw new ArgumentException($"Expected as many (> 0) predictions, targets and gradients; got {predictions.Length}, {targets.Length} and {gradPredictions.Length}.", nameof(predictions));
        double total = 0;
        float scale = 2f / predictions.Length;
        for (int i = 0; i < predictions.Length; i++)
        {
            float diff = predictions[i] - targets[i];
            total += (double)diff * diff;
            gradPredictions[i] = scale * diff;
        }
        return total / predictions.Length;
    }
}
