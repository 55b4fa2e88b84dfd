using System.Text.Json.Nodes;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;
using MLNet.Rnn.Training.Optimizers;

namespace MLNet.Rnn.Parity;

/// <summary>The <c>train</c> kind: a whole model trained for a few optimizer steps from given weights.</summary>
internal static class TrainCase
{
    public static JsonObject Answer(JsonNode c)
    {
        int? vocab = c["vocab"]?.GetValue<int>();
        var options = new SequenceModelOptions
        {
            Mode = c["mode"]!.GetValue<string>() switch
            {
                "lstm" => RecurrentMode.Lstm,
                "gru" => RecurrentMode.Gru,
                "rnn_tanh" => RecurrentMode.RnnTanh,
                "rnn_relu" => RecurrentMode.RnnRelu,
                var other => throw new InvalidDataException($"Unknown mode '{other}'."),
            },
            VocabularySize = vocab,
            EmbeddingSize = c["input_size"]!.GetValue<int>(),
            FeatureCount = c["features"]?.GetValue<int>() ?? 1,
            HiddenSize = c["hidden_size"]!.GetValue<int>(),
            NumLayers = c["num_layers"]!.GetValue<int>(),
            Bidirectional = c["bidirectional"]!.GetValue<bool>(),
            Outputs = c["outputs"]!.GetValue<int>(),
            Head = c["head"]!.GetValue<string>() switch
            {
                "last" => HeadKind.LastHidden,
                "mean" => HeadKind.Mean,
                "max" => HeadKind.Max,
                "per_step" => HeadKind.PerStep,
                var other => throw new InvalidDataException($"Unknown head '{other}'."),
            },
        };
        var model = new SequenceModel(options);
        RecurrentCase.LoadParameters(model.Parameters, c["params"]!.AsObject());

        var o = c["optimizer"]!;
        var betas = o["betas"]!.AsArray();
        var optimizer = Optimizer.Create(o["name"]!.GetValue<string>(), model.Parameters, (float)o["lr"]!.GetValue<double>(),
            (float)o["weight_decay"]!.GetValue<double>(), (float)o["momentum"]!.GetValue<double>(),
            (float)betas[0]!.GetValue<double>(), (float)betas[1]!.GetValue<double>(), (float)o["eps"]!.GetValue<double>());
        double clip = c["clip_grad_norm"]!.GetValue<double>();
        bool crossEntropy = c["loss"]!.GetValue<string>() == "cross_entropy";

        var losses = new JsonArray();
        foreach (var batchNode in c["batches"]!.AsArray())
        {
            var x = JsonTensors.ReadRequired(batchNode!, "x");
            var y = JsonTensors.ReadRequired(batchNode!, "y");
            int[] lengths = batchNode!["lengths"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
            var batch = BatchOf(x, lengths, vocab is not null);

            model.Parameters.ZeroGradients();
            var output = model.Forward(batch);
            var gradLogits = new float[output.Logits.Length];
            double loss = crossEntropy
                ? Losses.CrossEntropy(output.Logits, options.Outputs, ClassTargets(y, batch, options.Head), gradLogits)
                : Losses.MeanSquaredError(output.Logits, ValueTargets(y, batch, options), gradLogits);
            model.Backward(gradLogits);
            if (clip > 0)
                GradientClipping.ClipGlobalNorm(model.Parameters.Gradients, clip);
            optimizer.Step();
            losses.Add(loss);
        }

        var parameters = new JsonObject();
        foreach (var p in model.Parameters.Parameters)
            parameters[p.Name] = JsonTensors.Write(p.Value, p.Shape);
        return new JsonObject { ["losses"] = losses, ["params"] = parameters };
    }

    /// <summary>Sequence b is row b of the padded (B, T[, F]) input, cut to its length.</summary>
    private static SequenceBatch BatchOf(Tensor x, int[] lengths, bool tokens)
    {
        int steps = x.Size(1), width = tokens ? 1 : x.Size(2);
        if (tokens)
            return SequenceBatch.FromTokens(lengths.Select((length, b) => x.Data.AsSpan(b * steps, length).ToArray().Select(v => (int)v).ToArray()).ToArray());
        return SequenceBatch.FromFeatures(lengths.Select((length, b) => x.Data.AsSpan(b * steps * width, length * width).ToArray()).ToArray(), width);
    }

    /// <summary>Class ids in the logits' row order: batch order, or packed order for a per-step head.</summary>
    private static int[] ClassTargets(Tensor y, SequenceBatch batch, HeadKind head)
    {
        if (head != HeadKind.PerStep)
            return y.Data.Select(v => (int)v).ToArray();
        int steps = y.Size(1);
        var targets = new int[batch.Layout.TotalRows];
        SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => targets[row] = (int)y.Data[b * steps + t]);
        return targets;
    }

    private static float[] ValueTargets(Tensor y, SequenceBatch batch, SequenceModelOptions options)
    {
        if (options.Head != HeadKind.PerStep)
            return y.Data;
        int steps = y.Size(1), outputs = options.Outputs;
        var targets = new float[batch.Layout.TotalRows * outputs];
        SequenceBatch.ForEachRow(batch.Layout, (row, b, t) => Array.Copy(y.Data, (b * steps + t) * outputs, targets, row * outputs, outputs));
        return targets;
    }
}
