using MLNet.Rnn.Data;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Training;

namespace MLNet.Rnn;

/// <summary>
/// Learns a recurrent model from a <see cref="Table"/>: <see cref="Fit(Table, Table?)"/> learns the tokenizer's
/// vocabulary, the label names and the normalisation statistics from the training data, trains the network and
/// returns an <see cref="RnnTransformer"/> that scores new data.
/// </summary>
public sealed class RnnEstimator
{
    private readonly ulong _seed;

    internal RnnEstimator(RnnOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        Options = options;
        _seed = seed;
    }

    /// <summary>The task, columns, model and training settings.</summary>
    public RnnOptions Options { get; }

    /// <summary>Trains on <paramref name="trainingData"/>, validating each epoch on <paramref name="validationData"/> when given.</summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong kind (named in the message with the expected and actual kinds), or the data are invalid.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public RnnTransformer Fit(Table trainingData, Table? validationData = null) => Fit(trainingData, validationData, null);

    /// <summary>
    /// Trains with progress reports (every batch and each epoch) and cancellation: a cancelled run returns a usable
    /// transformer holding the best weights so far, with <see cref="TrainingResult.Cancelled"/> set.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong kind, or the data are invalid.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public RnnTransformer Fit(Table trainingData, Table? validationData, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        if (trainingData.RowCount == 0)
            throw new ArgumentException("The training data has no rows.", nameof(trainingData));
        var seeds = new Compute.Rng(_seed);
        var input = InputEncoder.Fit(trainingData, Options);
        // A validation table replaces the held-out fraction.
        var trainerOptions = TrainerOptionsOf(Options) with
        {
            ValidationFraction = validationData is null ? Options.ValidationFraction : 0,
            Seed = seeds.NextUInt64(),
        };

        if (Options.Task == RnnTask.LanguageModel)
        {
            if (!input.UsesTokens)
                throw new ArgumentException($"A language model reads text or tokens; column '{Options.InputColumnName}' is {input.Kind}.", nameof(trainingData));
            int vocabulary = input.Vocabulary!.Count;
            var lm = new SequenceModel(ModelOptions(input, vocabulary, HeadKind.PerStep), seeds.NextUInt64());
            var lmTrainer = new LanguageModelTrainer(lm, trainerOptions, Options.BpttLength);
            var stream = input.EncodeTokens(trainingData, Options.InputColumnName).SelectMany(ids => ids).ToArray();
            var validationStream = validationData is null ? null : input.EncodeTokens(validationData, Options.InputColumnName).SelectMany(ids => ids).ToArray();
            var lmResult = lmTrainer.Fit(stream, validationStream, progress, cancellationToken);
            return new RnnTransformer(Options, input, null, lm, lmResult);
        }

        var labels = LabelEncoder.Fit(trainingData, Options);
        var head = Options.Task == RnnTask.Tagging ? HeadKind.PerStep : Options.Pooling switch
        {
            SequencePooling.Mean => HeadKind.Mean,
            SequencePooling.Max => HeadKind.Max,
            _ => HeadKind.LastHidden,
        };
        var model = new SequenceModel(ModelOptions(input, labels.Outputs, head), seeds.NextUInt64());
        var trainer = new SequenceTrainer(model, trainerOptions);
        var train = Dataset(trainingData, input, labels);
        var validation = validationData is null ? null : Dataset(validationData, input, labels);
        var result = trainer.Fit(train, validation, progress, cancellationToken);
        return new RnnTransformer(Options, input, labels, model, result);
    }

    internal SequenceDataset Dataset(Table data, InputEncoder input, LabelEncoder labels) => Dataset(Options, data, input, labels);

    internal static SequenceDataset Dataset(RnnOptions options, Table data, InputEncoder input, LabelEncoder labels)
    {
        string label = options.LabelColumnName;
        if (options.Task == RnnTask.Tagging)
        {
            if (!input.UsesTokens)
                throw new ArgumentException($"Tagging reads tokens; column '{options.InputColumnName}' is {input.Kind}.", nameof(data));
            var tokens = input.Tokens(data, options.InputColumnName);
            int empty = Enumerable.Range(0, tokens.Count).FirstOrDefault(r => tokens[r].Count == 0, -1);
            if (empty >= 0)
                throw new ArgumentException($"Row {empty}: column '{options.InputColumnName}' has no tokens; every tagging example needs at least one token and tag.", nameof(data));
            var tags = labels.TagIds(data, label, tokens);
            return SequenceDataset.TokensWithStepClasses(input.Encode(tokens), tags);
        }
        bool classes = options.Task == RnnTask.Classification;
        if (input.UsesTokens)
        {
            var tokens = input.EncodeTokens(data, options.InputColumnName);
            return classes ? SequenceDataset.TokensWithClass(tokens, labels.ClassIds(data, label)) : SequenceDataset.TokensWithValues(tokens, labels.Values(data, label), labels.ValueCount);
        }
        var features = input.EncodeFeatures(data, options.InputColumnName);
        return classes
            ? SequenceDataset.FeaturesWithClass(features, input.FeatureCount, labels.ClassIds(data, label))
            : SequenceDataset.FeaturesWithValues(features, input.FeatureCount, labels.Values(data, label), labels.ValueCount);
    }

    private SequenceModelOptions ModelOptions(InputEncoder input, int outputs, HeadKind head) => new()
    {
        Mode = Options.Cell switch
        {
            RecurrentCell.Gru => RecurrentMode.Gru,
            RecurrentCell.Rnn => RecurrentMode.RnnTanh,
            RecurrentCell.RnnRelu => RecurrentMode.RnnRelu,
            _ => RecurrentMode.Lstm,
        },
        VocabularySize = input.UsesTokens ? input.Vocabulary!.Count : null,
        EmbeddingSize = Options.EmbeddingSize,
        FeatureCount = Math.Max(1, input.FeatureCount),
        HiddenSize = Options.HiddenSize,
        NumLayers = Options.NumLayers,
        Bidirectional = Options.Bidirectional,
        Dropout = Options.NumLayers > 1 ? Options.Dropout : 0,
        HeadDropout = Options.Dropout,
        Head = head,
        Outputs = outputs,
    };

    private static void Validate(RnnOptions o)
    {
        if (string.IsNullOrEmpty(o.InputColumnName))
            throw new ArgumentException("InputColumnName must name a column.", nameof(o.InputColumnName));
        if (o.Task != RnnTask.LanguageModel && string.IsNullOrEmpty(o.LabelColumnName))
            throw new ArgumentException("LabelColumnName must name a column.", nameof(o.LabelColumnName));
        if (o.Task == RnnTask.LanguageModel && o.Bidirectional)
            throw new ArgumentException("A language model predicts the next token, so it cannot read the future: set Bidirectional = false.", nameof(o.Bidirectional));
        if (!(o.Dropout >= 0 && o.Dropout < 1))
            throw new ArgumentException($"Dropout is {o.Dropout}; expected a value in [0, 1).", nameof(o.Dropout));
        if (o.BpttLength <= 0)
            throw new ArgumentException($"BpttLength is {o.BpttLength}; expected at least 1.", nameof(o.BpttLength));
        // Sizes, rates and the rest are checked by the model and trainer options, which name the option.
        new SequenceModelOptions { HiddenSize = o.HiddenSize, NumLayers = o.NumLayers, EmbeddingSize = o.EmbeddingSize, VocabularySize = 1 }.Validate();
        TrainerOptionsOf(o).Validate();
    }

    /// <summary>The training settings among the options (the trainer validates and names them).</summary>
    private static TrainerOptions TrainerOptionsOf(RnnOptions o) => new()
    {
        Epochs = o.Epochs, BatchSize = o.BatchSize, Optimizer = o.Optimizer, LearningRate = o.LearningRate, WeightDecay = o.WeightDecay,
        ClipGradientNorm = o.ClipGradientNorm, ValidationFraction = o.ValidationFraction, EarlyStoppingPatience = o.EarlyStoppingPatience,
        NormalizeFeatures = o.NormalizeFeatures,
    };
}
