using System.Numerics.Tensors;
using MLNet.Rnn.Data;
using MLNet.Rnn.Models;
using MLNet.Rnn.Training;

namespace MLNet.Rnn;

/// <summary>
/// A trained recurrent model with everything learned at Fit (vocabulary, label names, normalisation): scores a
/// <see cref="Table"/>, generates text for language models, and saves to a <c>model.zip</c>.
/// </summary>
/// <remarks>
/// Safe to use from several threads: scoring calls are serialised on the model, whose buffers are reused
/// between calls. For parallel throughput, load one transformer per thread.
/// </remarks>
public sealed class RnnTransformer
{
    private readonly Lock _gate = new();

    internal RnnTransformer(RnnOptions options, InputEncoder input, LabelEncoder? labels, SequenceModel model, TrainingResult? training)
    {
        Options = options;
        Input = input;
        Labels = labels;
        Model = model;
        TrainingResult = training;
        Model.Training = false;
    }

    /// <summary>The options it was trained with.</summary>
    public RnnOptions Options { get; }

    /// <summary>The network (parameters under PyTorch's names).</summary>
    public SequenceModel Model { get; }

    /// <summary>How training went, or null for a transformer loaded from a file.</summary>
    public TrainingResult? TrainingResult { get; }

    /// <summary>Class names in class-id order (classification), tag names (tagging), otherwise null.</summary>
    public IReadOnlyList<string>? ClassNames => Labels?.Classes?.Names;

    /// <summary>The vocabulary's tokens in id order, for text and token inputs; otherwise null.</summary>
    public IReadOnlyList<string>? Vocabulary => Input.Vocabulary?.Tokens;

    internal InputEncoder Input { get; }

    internal LabelEncoder? Labels { get; }

    /// <summary>
    /// Scores every row, in batches, and returns the data with the output columns added:
    /// classification: <c>Score</c> (Vector of class probabilities) and <c>PredictedLabel</c> (the label column's kind);
    /// regression and forecasting: <c>Score</c> (Number, or Vector for several values);
    /// tagging: <c>PredictedLabel</c> (Tokens, one tag per token);
    /// language model: <c>Score</c> (Number: the row's perplexity over its next-token predictions; NaN for a single token).
    /// </summary>
    /// <exception cref="ArgumentException">The input column is missing or not the kind the model was trained on.</exception>
    public Table Transform(Table data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_gate)
        {
            // Token inputs are split once: the ids feed the model, the token counts align tags, the ids score perplexity.
            var tokens = Input.UsesTokens ? Input.Tokens(data, Options.InputColumnName) : null;
            var ids = tokens is null ? null : Input.Encode(tokens);
            var logits = ids is null ? ScoreFeatures(data) : ScoreTokens(ids);
            int outputs = Model.Options.Outputs;
            switch (Options.Task)
            {
                case RnnTask.Classification:
                    var probabilities = logits.Select(row => Compute.Softmax.Rows(row, outputs)).ToArray();
                    var predicted = probabilities.Select(p => TensorPrimitives.IndexOfMax(p)).ToArray();
                    return data.WithColumn(Options.ScoreColumnName, ColumnKind.Vector, probabilities, Labels!.Classes!.Names)
                        .WithColumn(Options.PredictedLabelColumnName, LabelKind, Labels!.LabelValues(predicted));
                case RnnTask.Tagging:
                    // A row without tokens was read as one unknown token; it gets no tag, so tags stay aligned with tokens.
                    var tags = logits.Select((row, r) => Enumerable.Range(0, tokens![r].Count)
                        .Select(t => Labels!.Classes!.NameOf(TensorPrimitives.IndexOfMax(row.AsSpan(t * outputs, outputs)))).ToArray()).ToArray();
                    return data.WithColumn(Options.PredictedLabelColumnName, ColumnKind.Tokens, tags);
                case RnnTask.LanguageModel:
                    var perplexity = logits.Select((row, r) => Perplexity(row, ids![r], outputs)).ToArray();
                    return data.WithColumn(Options.ScoreColumnName, ColumnKind.Number, perplexity);
                default:
                    return outputs == 1
                        ? data.WithColumn(Options.ScoreColumnName, ColumnKind.Number, logits.Select(row => row[0]).ToArray())
                        : data.WithColumn(Options.ScoreColumnName, ColumnKind.Vector, logits);
            }
        }
    }

    /// <summary>
    /// Language models: continues <paramref name="prefix"/> by <paramref name="length"/> tokens sampled with
    /// <paramref name="temperature"/> (0 for the most likely token) among the <paramref name="topK"/> most likely (0 for all),
    /// reproducibly for a <paramref name="seed"/>. Returns the generated text (character models join characters,
    /// word models join with spaces); tokens of the prefix never seen in training read as unknown.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is not a language model.</exception>
    public string Generate(string prefix, int length, float temperature = 1f, int topK = 0, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (Options.Task != RnnTask.LanguageModel)
            throw new InvalidOperationException($"Generate is for language models; this model's task is {Options.Task}.");
        lock (_gate)
        {
            var table = Table.Create([(Options.InputColumnName, Input.Kind, Input.Kind == ColumnKind.Text ? new[] { prefix } : (System.Collections.IList)new[] { prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries) })]);
            var ids = Input.EncodeTokens(table, Options.InputColumnName)[0];
            var generated = TextGenerator.Generate(Model, ids, length, temperature, topK, seed);
            var tokens = Input.Vocabulary!.Decode(generated);
            return Input.Tokenizer?.Kind == "character" ? string.Concat(tokens) : string.Join(' ', tokens);
        }
    }

    /// <summary>
    /// Replaces the weights with those in a safetensors file, e.g. trained in PyTorch on the same architecture:
    /// names as PyTorch's <c>named_parameters()</c> of the model (<c>embedding.weight</c>, <c>rnn.weight_ih_l0</c>,
    /// ..., <c>head.weight</c>, <c>head.bias</c>). Every name and shape is checked first; on any mismatch nothing changes.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, or names or shapes do not match (all listed).</exception>
    public void ImportWeights(string safetensorsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        using var file = File.OpenRead(safetensorsPath);
        var content = Serialization.SafeTensors.Read(file);
        lock (_gate)
            Serialization.ParameterTransfer.Import(Model.Parameters, content.Tensors);
    }

    /// <summary>Writes the weights alone as safetensors with PyTorch's names, for <c>safetensors.torch.load_file</c>.</summary>
    public void ExportWeights(string safetensorsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        using var file = File.Create(safetensorsPath);
        lock (_gate)
            Serialization.SafeTensors.Write(file, Serialization.ParameterTransfer.Export(Model.Parameters));
    }

    /// <summary>Saves under the model's lock, so a concurrent <see cref="ImportWeights"/> cannot mix old and new weights in one file.</summary>
    internal void Save(string path)
    {
        lock (_gate)
            Serialization.ModelArchive.Save(path, ModelManifest.Create(this), Model.Parameters);
    }

    /// <summary>The label column's kind the predicted labels take.</summary>
    private ColumnKind LabelKind => Labels!.Kind;

    private float[][] ScoreTokens(int[][] ids) =>
        BatchedInference.Run(Model, ids.Length, i => ids[i].Length, rows => SequenceBatch.FromTokens(rows.Select(r => ids[r]).ToArray()));

    private float[][] ScoreFeatures(Table data)
    {
        var features = Input.EncodeFeatures(data, Options.InputColumnName);
        int width = Input.FeatureCount;
        return BatchedInference.Run(Model, features.Length, i => features[i].Length / width, rows => SequenceBatch.FromFeatures(rows.Select(r => features[r]).ToArray(), width));
    }

    private static float Perplexity(float[] logits, int[] ids, int outputs)
    {
        if (ids.Length < 2)
            return float.NaN;
        double nll = 0;
        for (int t = 0; t + 1 < ids.Length; t++)
        {
            var row = logits.AsSpan(t * outputs, outputs);
            float max = TensorPrimitives.Max(row);
            double sum = 0;
            foreach (float v in row)
                sum += Math.Exp(v - max);
            nll += Math.Log(sum) + max - row[ids[t + 1]];
        }
        return (float)Math.Exp(nll / (ids.Length - 1));
    }
}
