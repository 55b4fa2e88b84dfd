using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Serialization;
using MLNet.Rnn.Text;
using MLNet.Rnn.Training;

namespace MLNet.Rnn;

/// <summary>
/// A trained recurrent model with everything learned at Fit (vocabulary, classes and the values they stand for,
/// normalisation): adds its output columns to data (lazily, in batches), serves ML.NET's prediction engines,
/// generates text (language models), and saves into ML.NET's <c>model.zip</c> with <c>mlContext.Model.Save</c>.
/// </summary>
/// <remarks>
/// Safe to share between threads: each cursor and each prediction engine scores on a copy of the model of its own
/// (create one prediction engine per thread, as ML.NET asks). The managed engine serves predictions, whichever engine
/// trained the model, unless the training engine was asked to serve them (<see cref="RnnEngine.CreateScorer"/>).
/// </remarks>
public sealed class RnnTransformer : ITransformer
{
    private readonly ModelReplicas _replicas;
    private readonly BatchScorer _scorer;
    private readonly ISequenceScorer? _engineScorer;
    private readonly bool _servedByAnotherEngine;
    private readonly CrfConstraints? _constraints;

    internal RnnTransformer(RnnOptions options, InputEncoder input, LabelEncoder labels, SequenceModel model, TrainingResult? training, ISequenceScorer? engineScorer = null)
    {
        Options = options;
        Input = input;
        Labels = labels;
        Model = model;
        TrainingResult = training;
        Model.Training = false;
        _replicas = new ModelReplicas(model);
        _engineScorer = engineScorer;
        _constraints = model.Crf is not null && options.BioConstraints && labels.KeyValues is { } tags ? CrfConstraints.Bio(tags.Texts) : null;
        _scorer = new BatchScorer(engineScorer ?? _replicas, model, labels, input.FeaturesPerStep, _constraints);
        _servedByAnotherEngine = engineScorer is not null;
    }

    /// <summary>The options it was trained with.</summary>
    public RnnOptions Options { get; }

    /// <summary>The network; its weights change only through <see cref="ImportWeights"/>, which keeps the serving copies in step.</summary>
    internal SequenceModel Model { get; }

    /// <summary>
    /// The trained parameters under PyTorch's names and shapes, in <c>named_parameters()</c> order: a read-only view of
    /// the live values (<see cref="ImportWeights"/> replaces them in place). <see cref="ExportWeights"/> writes them for PyTorch.
    /// </summary>
    public IReadOnlyList<RnnParameter> Parameters => Model.Parameters.Parameters.Select(p => new RnnParameter(p.Name, p.Shape, Model.Parameters.Values.AsMemory(p.Offset, p.Length))).ToArray();

    /// <summary>How training went, or null for a transformer loaded from a file.</summary>
    public TrainingResult? TrainingResult { get; }

    /// <summary>What each class (key k is class k - 1) or tag stands for, as text, when the label column said; otherwise null.</summary>
    public IReadOnlyList<string>? ClassNames => Labels.KeyValues?.Texts;

    /// <summary>The vocabulary's tokens in id order, for text and token inputs; otherwise null.</summary>
    public IReadOnlyList<string>? Vocabulary => Input.Vocabulary?.Tokens;

    /// <summary>Always true: every row is scored from its own input.</summary>
    public bool IsRowToRowMapper => true;

    internal InputEncoder Input { get; }

    internal LabelEncoder Labels { get; }

    /// <summary>The input schema with the added columns (see <see cref="RnnOptions.Task"/> for which).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not of the type the model was trained on (named, with both types).</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Bind(inputSchema).Output;

    /// <summary>
    /// The data with the added columns, computed when a cursor moves and only if asked for: rows are gathered in
    /// batches of 256, scored together, and kept in the input's order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or of the wrong type.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RnnDataView(input, Bind(input.Schema), Input, _scorer, this);
    }

    /// <summary>The mapper ML.NET's prediction engines use: one row at a time.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        new RnnRowMapper(Bind(inputSchema), Input, _scorer, _engineScorer is null ? () => new SingleRowScorer(_replicas, Model, Labels, Input, _constraints) : null);

    /// <summary>
    /// Language models: continues <paramref name="prefix"/> by <paramref name="length"/> tokens sampled with
    /// <paramref name="temperature"/> (0 for the most likely token) among the <paramref name="topK"/> most likely (0 for all),
    /// reproducibly for a <paramref name="seed"/>. Returns the generated text (character models join characters,
    /// others join with spaces); tokens of the prefix never seen in training read as unknown.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is not a language model.</exception>
    public string Generate(string prefix, int length, float temperature = 1f, int topK = 0, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (Options.Task != RnnTask.LanguageModel)
            throw new InvalidOperationException($"Generate is for language models; this model's task is {Options.Task}.");
        var replica = _replicas.Rent();
        int[] generated;
        try
        {
            generated = TextGenerator.Generate(replica.Model, Input.EncodePrefix(prefix), length, temperature, topK, seed);
        }
        finally
        {
            _replicas.Return(replica);
        }
        var tokens = Input.Decode(generated);
        return Input.Tokenizer?.Kind == TokenizerSpec.CharacterKind ? string.Concat(tokens) : string.Join(' ', tokens);
    }

    /// <summary>
    /// Replaces the weights with those in a safetensors file, e.g. trained in PyTorch on the same architecture:
    /// names as PyTorch's <c>named_parameters()</c> of the model (<c>embedding.weight</c>, <c>rnn.weight_ih_l0</c>,
    /// ..., <c>head.weight</c>, <c>head.bias</c>). Every name and shape is checked first; on any mismatch nothing changes.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, or names or shapes do not match (all listed).</exception>
    /// <exception cref="InvalidOperationException">The transformer's predictions are served by another engine, whose copy of the weights this would not change.</exception>
    public void ImportWeights(string safetensorsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        if (_servedByAnotherEngine)
            throw new InvalidOperationException("This transformer's predictions are served by the engine that trained it; import weights into one served by the managed engine (a loaded model, or one trained without ServePredictions).");
        using var file = File.OpenRead(safetensorsPath);
        var content = SafeTensors.Read(file);
        lock (Model)
        {
            ParameterTransfer.Import(Model.Parameters, content.Tensors);
            _replicas.WeightsChanged();
        }
    }

    /// <summary>
    /// Saves into ML.NET's model.zip (through <c>mlContext.Model.Save</c>), under the model's lock so a concurrent
    /// <see cref="ImportWeights"/> cannot mix old and new weights in one file.
    /// </summary>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        lock (Model)
        {
            var manifest = ModelManifest.Create(this);
            ModelManifest.CheckLoads(manifest);
            RnnTransformerPersistence.Save(ctx, manifest, Model.Parameters);
        }
    }

    /// <summary>
    /// Writes the model into an ONNX graph (through <c>mlContext.Model.ConvertToOnnx</c>): ONNX opset 11 or 12 (ML.NET's
    /// converter writes 12), ai.onnx.ml 2 and, for text and lower-cased tokens, ONNX Runtime's com.microsoft Tokenizer; tested with ONNX
    /// Runtime 1.31.1 and 1.32.0. Under the model's lock, so a concurrent <see cref="ImportWeights"/> cannot mix weights.
    /// </summary>
    internal void WriteOnnx(Onnx.OnnxGraph graph, SchemaBinding binding)
    {
        lock (Model)
            Onnx.OnnxExport.Write(graph, Model, Input, Labels, binding.InputColumn.Name, binding.Outputs);
    }

    /// <summary>Writes the weights alone as safetensors with PyTorch's names, for <c>safetensors.torch.load_file</c>.</summary>
    public void ExportWeights(string safetensorsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        using var file = File.Create(safetensorsPath);
        lock (Model)
            SafeTensors.Write(file, ParameterTransfer.Export(Model.Parameters));
    }

    private SchemaBinding Bind(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = inputSchema.GetColumnOrNull(Options.InputColumnName) ?? throw ColumnRules.Missing("input", Options.InputColumnName);
        var shape = ColumnShape.Of(column);
        var kind = ColumnRules.InputKindOf(shape, Options.Task);
        string? expected = kind != Input.Kind ? TrainedInput()
            : kind == InputKind.Window && DataViewTypes.SizeOf(column.Type) != Input.WindowSize ? TrainedInput()
            : kind == InputKind.TokenKeys && DataViewTypes.KeyCountOf(column.Type) != (ulong)Input.KeyCount ? TrainedInput()
            : null;
        if (expected is not null)
            throw ColumnRules.Mismatch("input", shape, expected);
        return new SchemaBinding(inputSchema, column, OutputColumns.For(Options, Labels, OutputColumns.NextSetId(inputSchema)));
    }

    private string TrainedInput() => Input.Kind switch
    {
        InputKind.Text => "String, as in training",
        InputKind.Tokens => "a vector of String (tokens), as in training",
        InputKind.TokenKeys => $"a vector of Key<UInt32> with {Input.KeyCount} values, as in training",
        InputKind.Sequence => "a variable-length vector of Single, as in training",
        _ => $"a vector of {Input.WindowSize} Single, as in training",
    };
}
