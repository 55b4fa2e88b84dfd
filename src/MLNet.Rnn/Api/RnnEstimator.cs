using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn;

/// <summary>
/// Learns a recurrent model inside an ML.NET pipeline: <see cref="Fit(IDataView)"/> learns the vocabulary, the
/// classes and the normalisation from the training data, trains the network and returns an
/// <see cref="RnnTransformer"/>. Create one with <c>mlContext.Transforms.Rnn(options)</c> or a task's catalog method.
/// </summary>
/// <remarks>
/// Training is reproducible bit for bit for an <c>MLContext</c> with a seed. Each epoch's summary goes to
/// <c>MLContext.Log</c>; <see cref="RnnOptions.Progress"/> gets every batch. Training stops between batches when
/// cancelled: cancelling the <c>MLContext</c> throws <see cref="OperationCanceledException"/>, as ML.NET's trainers do;
/// cancelling <see cref="RnnOptions.CancellationToken"/> returns a model with the best weights so far once an epoch has
/// completed, and throws <see cref="OperationCanceledException"/> before that.
/// </remarks>
public sealed class RnnEstimator : IEstimator<RnnTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly IHost _host;

    internal RnnEstimator(IHostEnvironment environment, RnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        Options = TaskDefaults.Apply(options);
        Validate(Options);
        // Only training reads the file: a saved model keeps the path as a record, and loads wherever the file is not.
        if (Options.WordVectorsPath is { } vectors && (vectors.Length == 0 || !File.Exists(vectors)))
            throw new ArgumentException($"WordVectorsPath is '{vectors}', which is not a file; expected the path of a word2vec, GloVe or fastText text file.", nameof(Options.WordVectorsPath));
        // The context itself is kept for its GPU settings, which a user may set after creating the estimator.
        _environment = environment;
        _host = environment.Register(nameof(RnnEstimator));
    }

    /// <summary>The task, columns, model and training settings, with the task's defaults in place of the options left null.</summary>
    public RnnOptions Options { get; }

    /// <summary>Trains on <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type (named, with the expected and actual types).</exception>
    /// <exception cref="ArgumentException">The data are invalid (the row is named).</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The <c>MLContext</c> was cancelled, or the options' token before the first epoch completed.</exception>
    public RnnTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains on <paramref name="trainingData"/>, evaluating each epoch on <paramref name="validationData"/> (early stopping uses it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">The data are invalid (the row is named).</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The <c>MLContext</c> was cancelled, or the options' token before the first epoch completed.</exception>
    public RnnTransformer Fit(IDataView trainingData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var (inputColumn, inputKind) = BindInput(trainingData.Schema);
        var (labelColumn, labelKind) = BindLabel(trainingData.Schema);
        using var channel = _host.Start("Training");
        var engine = EngineSelection.Choose(Options.Engine, _environment, channel);
        channel.Info(MessageSensitivity.None, $"Training on the {engine.Name} engine.");
        var seeds = new Rng((ulong)_host.Rand.NextInt64());
        var trainerOptions = TrainerOptionsOf(Options) with
        {
            // Validation data replaces the held-out fraction.
            ValidationFraction = validationData is null ? Options.ValidationFraction : 0,
            Seed = seeds.NextUInt64(),
        };

        var tokenizer = inputKind == InputKind.Text ? InputEncoder.TokenizerOf(Options) : null;
        var ready = EncoderWithoutData(inputColumn, inputKind);
        var train = LabeledRows.Read(trainingData, inputColumn, labelColumn, inputKind, labelKind, tokenizer, ready);
        if (train.Skipped > 0)
            channel.Warning(MessageSensitivity.Unknown, $"Skipped {train.Skipped} training rows whose label in '{Options.LabelColumnName}' is missing.");
        var input = ready ?? InputEncoder.ForTokens(inputKind, Options, train.Tokens);
        TrainingWarnings.VocabularyWithoutTokens(Options, input, channel);
        TrainingWarnings.OneClass(Options, train, channel);
        TrainingWarnings.FewTrainingRowsAfterValidation(Options, trainerOptions.ValidationFraction, train.Count, channel);
        if (Options.WordVectorsPath is not null && !input.UsesTokens)
            throw new ArgumentException($"WordVectorsPath is set, but the input column '{Options.InputColumnName}' holds numbers, which have no words to look up.", nameof(Options.WordVectorsPath));
        // Word dropout is for token inputs; numeric inputs ignore it.
        trainerOptions = input.UsesTokens
            ? trainerOptions with { UnknownTokenId = input.UnknownTokenId }
            : trainerOptions with { WordDropout = 0, UnknownTokenId = null };
        var labels = labelKind switch
        {
            LabelKind.None => LabelEncoder.None,
            LabelKind.TagText => LabelEncoder.ForTagNames(train.TagNames),
            _ => LabelEncoder.ForColumn(labelKind, labelColumn!.Value),
        };
        var validation = validationData is null ? null : ReadValidation(validationData, inputKind, labelKind, tokenizer, ready);

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Options.CancellationToken);
        var progress = new InlineProgress<TrainingProgress>(p =>
        {
            // ML.NET's host has no token: its cancellation is a flag, checked after every batch.
            if (MLNetHost.IsCancelled(_host))
                cancellation.Cancel();
            Options.Progress?.Report(p);
            if (p.EndOfEpoch)
                channel.Info(MessageSensitivity.None, $"Epoch {p.Epoch}/{p.Epochs}: training loss {p.Loss:F4}{(p.Validation is { } v ? $", validation {v}" : "")}, {p.TokensPerSecond:F0} tokens/s, {p.Elapsed.TotalSeconds:F1} s.");
        });

        SequenceModel model;
        TrainingResult result;
        if (Options.Task == RnnTask.LanguageModel)
        {
            model = new SequenceModel(ModelOptions(input, input.VocabularySize, HeadKind.PerStep), seeds.NextUInt64());
            PretrainedEmbedding.Initialise(model, input, Options, channel);
            var trainer = new LanguageModelTrainer(model, trainerOptions, Options.BpttLength, engine);
            result = trainer.Fit(train.ToStream(input), validation?.ToStream(input), progress, cancellation.Token);
        }
        else
        {
            var head = labels.IsTagging ? HeadKind.PerStep : Options.Pooling switch
            {
                SequencePooling.Mean => HeadKind.Mean,
                SequencePooling.Max => HeadKind.Max,
                _ => HeadKind.LastHidden,
            };
            model = new SequenceModel(ModelOptions(input, labels.Outputs, head), seeds.NextUInt64());
            PretrainedEmbedding.Initialise(model, input, Options, channel);
            var trainingSet = train.ToDataset(input, labels, Options.InputColumnName, Options.LabelColumnName);
            TrainingWarnings.TargetsFarFromUnitScale(Options, trainingSet, channel);
            var trainer = new SequenceTrainer(model, trainerOptions, engine);
            result = trainer.Fit(trainingSet, validation?.ToDataset(input, labels, Options.InputColumnName, Options.LabelColumnName), progress, cancellation.Token);
        }
        if (result.Cancelled)
        {
            // ML.NET's trainers throw when their context is cancelled; a cancelled token keeps a model that completed an epoch.
            MLNetHost.ThrowIfCancelled(_host);
            if (result.Epochs.Count == 0)
                throw new OperationCanceledException("Training was cancelled before its first epoch completed, so there is no trained model to return.", Options.CancellationToken);
            channel.Info(MessageSensitivity.None, $"Training was cancelled after {result.Epochs.Count} epoch(s); the model keeps the weights of epoch {result.BestEpoch}.");
        }
        return new RnnTransformer(Options, input, labels, model, result, engine.CreateScorer(model));
    }

    /// <summary>The input schema with the columns the transformer will add.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type (named, with the expected and actual types).</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnRules.InputKindOf(ColumnShape.Of(Find(inputSchema, Options.InputColumnName, "input")), Options.Task);
        SchemaShape.Column? label = null;
        var labelKind = LabelKind.None;
        if (Options.Task != RnnTask.LanguageModel)
        {
            label = Find(inputSchema, Options.LabelColumnName, "label");
            labelKind = ColumnRules.LabelKindOf(ColumnShape.Of(label.Value), Options.Task);
        }
        var columns = inputSchema.ToDictionary(c => c.Name);
        foreach (var column in OutputColumns.Shape(Options, labelKind, label))
            columns[column.Name] = column;
        return new SchemaShape(columns.Values);
    }

    private (DataViewSchema.Column Column, InputKind Kind) BindInput(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull(Options.InputColumnName) ?? throw ColumnRules.Missing("input", Options.InputColumnName);
        var kind = ColumnRules.InputKindOf(ColumnShape.Of(column), Options.Task);
        if (kind == InputKind.Window && DataViewTypes.SizeOf(column.Type) % Options.FeaturesPerStep != 0)
            throw ColumnRules.Mismatch("input", ColumnShape.Of(column), $"a whole number of steps of FeaturesPerStep = {Options.FeaturesPerStep} values, but the vector has {DataViewTypes.SizeOf(column.Type)}");
        return (column, kind);
    }

    private (DataViewSchema.Column? Column, LabelKind Kind) BindLabel(DataViewSchema schema)
    {
        if (Options.Task == RnnTask.LanguageModel)
            return (null, LabelKind.None);
        var column = schema.GetColumnOrNull(Options.LabelColumnName) ?? throw ColumnRules.Missing("label", Options.LabelColumnName);
        return (column, ColumnRules.LabelKindOf(ColumnShape.Of(column), Options.Task));
    }

    /// <summary>Key and numeric inputs are encoded by their type alone; text and tokens need the training data's vocabulary.</summary>
    private InputEncoder? EncoderWithoutData(DataViewSchema.Column column, InputKind kind) => kind switch
    {
        InputKind.TokenKeys => InputEncoder.ForKeys((int)DataViewTypes.KeyCountOf(column.Type), KeyValues.Of(column)),
        InputKind.Sequence => InputEncoder.ForNumbers(kind, Options.FeaturesPerStep, 0),
        InputKind.Window => InputEncoder.ForNumbers(kind, Options.FeaturesPerStep, DataViewTypes.SizeOf(column.Type)),
        _ => null,
    };

    private LabeledRows ReadValidation(IDataView data, InputKind inputKind, LabelKind labelKind, Text.TokenizerSpec? tokenizer, InputEncoder? ready)
    {
        var (inputColumn, validationInput) = BindInput(data.Schema);
        var (labelColumn, validationLabel) = BindLabel(data.Schema);
        if (validationInput != inputKind || validationLabel != labelKind)
            throw new ArgumentException($"The validation data's columns are of other types than the training data's ({validationInput} and {validationLabel} instead of {inputKind} and {labelKind}).", nameof(data));
        return LabeledRows.Read(data, inputColumn, labelColumn, inputKind, labelKind, tokenizer, ready);
    }

    private static SchemaShape.Column Find(SchemaShape schema, string name, string role) =>
        schema.Where(c => c.Name == name).Cast<SchemaShape.Column?>().FirstOrDefault() ?? throw ColumnRules.Missing(role, name);

    private SequenceModelOptions ModelOptions(InputEncoder input, int outputs, HeadKind head) => new()
    {
        Mode = Options.Cell!.Value switch
        {
            RecurrentCell.Gru => RecurrentMode.Gru,
            RecurrentCell.Rnn => RecurrentMode.RnnTanh,
            RecurrentCell.RnnRelu => RecurrentMode.RnnRelu,
            _ => RecurrentMode.Lstm,
        },
        VocabularySize = input.UsesTokens ? input.VocabularySize : null,
        EmbeddingSize = Options.EmbeddingSize!.Value,
        FeatureCount = Math.Max(1, input.FeaturesPerStep),
        HiddenSize = Options.HiddenSize!.Value,
        NumLayers = Options.NumLayers,
        Bidirectional = Options.Bidirectional!.Value,
        Dropout = Options.NumLayers > 1 ? Options.Dropout : 0,
        HeadDropout = Options.Dropout,
        Head = head,
        Outputs = outputs,
        Crf = Options.Crf == true && head == HeadKind.PerStep && Options.Task == RnnTask.Tagging,
        CharacterFilters = input.Characters is null ? 0 : Options.CharacterFeatures!.Value,
        CharacterVocabularySize = input.Characters?.Count ?? 0,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option (the manifest of a saved model is checked with it too).</summary>
    internal static void Validate(RnnOptions o)
    {
        if (string.IsNullOrEmpty(o.InputColumnName))
            throw new ArgumentException("InputColumnName must name a column.", nameof(o.InputColumnName));
        if (o.Task != RnnTask.LanguageModel && string.IsNullOrEmpty(o.LabelColumnName))
            throw new ArgumentException("LabelColumnName must name a column.", nameof(o.LabelColumnName));
        if (string.IsNullOrEmpty(o.ScoreColumnName) || string.IsNullOrEmpty(o.PredictedLabelColumnName))
            throw new ArgumentException("ScoreColumnName and PredictedLabelColumnName must name columns.", nameof(o.ScoreColumnName));
        // The added columns would hide the columns the model reads, or each other.
        string[] taken = [o.InputColumnName, .. o.Task == RnnTask.LanguageModel ? Array.Empty<string>() : [o.LabelColumnName], OutputColumns.ProbabilityColumnName, OutputColumns.TokenCountColumnName];
        if (o.ScoreColumnName == o.PredictedLabelColumnName || taken.Contains(o.ScoreColumnName) || taken.Contains(o.PredictedLabelColumnName))
            throw new ArgumentException($"ScoreColumnName '{o.ScoreColumnName}' and PredictedLabelColumnName '{o.PredictedLabelColumnName}' must differ from each other, from the input and label columns and from '{OutputColumns.ProbabilityColumnName}' and '{OutputColumns.TokenCountColumnName}'.", nameof(o.ScoreColumnName));
        if (o.Task == RnnTask.LanguageModel && o.Bidirectional == true)
            throw new ArgumentException("A language model predicts the next token, so it cannot read the future: set Bidirectional = false.", nameof(o.Bidirectional));
        if (o.Crf == true && o.Task != RnnTask.Tagging)
            throw new ArgumentException($"Crf is true for {o.Task}; a CRF scores tag sequences, so only tagging takes one.", nameof(o.Crf));
        if (o.CharacterFeatures is < 0 or > ModelLimits.MaxWidth)
            throw new ArgumentException($"CharacterFeatures is {o.CharacterFeatures}; expected 0 (off) to {ModelLimits.MaxWidth}.", nameof(o.CharacterFeatures));
        if (o.CharacterFeatures > 0 && o.Task == RnnTask.LanguageModel)
            throw new ArgumentException($"CharacterFeatures is {o.CharacterFeatures} for a language model; it predicts token ids from token ids only, so set CharacterFeatures = 0.", nameof(o.CharacterFeatures));
        if (o.FreezeEmbedding && o.WordVectorsPath is null)
            throw new ArgumentException("FreezeEmbedding is true without WordVectorsPath; it keeps pretrained vectors as they are, so give the vectors' file.", nameof(o.FreezeEmbedding));
        if (!(o.Dropout >= 0 && o.Dropout < 1))
            throw new ArgumentException($"Dropout is {o.Dropout}; expected a value in [0, 1).", nameof(o.Dropout));
        if (o.BpttLength is <= 0 or > TrainerOptions.MaxBatchSize)
            throw new ArgumentException($"BpttLength is {o.BpttLength}; expected 1 to {TrainerOptions.MaxBatchSize}.", nameof(o.BpttLength));
        // The padding and unknown tokens take two places; a vocabulary needs a third for the model to read any token.
        if (o.MaxVocabularySize is < 3 or > ModelLimits.MaxVocabulary)
            throw new ArgumentException($"MaxVocabularySize is {o.MaxVocabularySize}; expected null (no limit) or 3 to {ModelLimits.MaxVocabulary} (the padding and unknown tokens included).", nameof(o.MaxVocabularySize));
        if (o.MinTokenFrequency < 1)
            throw new ArgumentException($"MinTokenFrequency is {o.MinTokenFrequency}; expected at least 1.", nameof(o.MinTokenFrequency));
        if (o.FeaturesPerStep <= 0)
            throw new ArgumentException($"FeaturesPerStep is {o.FeaturesPerStep}; expected at least 1.", nameof(o.FeaturesPerStep));
        if (!Enum.IsDefined(o.Task) || !Enum.IsDefined(o.Cell!.Value) || !Enum.IsDefined(o.Pooling) || !Enum.IsDefined(o.Tokenization!.Value))
            throw new ArgumentException("Task, Cell, Pooling and Tokenization must be defined values of their enums.", nameof(o.Task));
        // Sizes, rates and the rest are checked by the model and trainer options, which name the option.
        new SequenceModelOptions { HiddenSize = o.HiddenSize!.Value, NumLayers = o.NumLayers, EmbeddingSize = o.EmbeddingSize!.Value, VocabularySize = 1 }.Validate();
        TrainerOptionsOf(o).Validate();
    }

    /// <summary>The training settings among the options (the trainer validates and names them).</summary>
    private static TrainerOptions TrainerOptionsOf(RnnOptions o) => new()
    {
        Epochs = o.Epochs!.Value, BatchSize = o.BatchSize!.Value, Optimizer = o.Optimizer, LearningRate = o.LearningRate!.Value, WeightDecay = o.WeightDecay,
        ClipGradientNorm = o.ClipGradientNorm!.Value, ValidationFraction = o.ValidationFraction, EarlyStoppingPatience = o.EarlyStoppingPatience,
        BucketByLength = o.BucketByLength, NormalizeFeatures = o.NormalizeFeatures, NormalizeTargets = o.NormalizeTargets, WordDropout = o.WordDropout!.Value,
        FreezeEmbedding = o.FreezeEmbedding,
        // Validated here without data; Fit sets the id of the input's unknown token.
        UnknownTokenId = 0,
    };
}
