using System.Diagnostics;
using System.Numerics.Tensors;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn.Training;

/// <summary>
/// Trains a <see cref="SequenceModel"/> on a <see cref="SequenceDataset"/>: seeded batches (optionally bucketed by length);
/// the loss of the target kind; clipping, schedule and optimizer step; validation each epoch; early stopping
/// that restores the best weights; progress and cancellation. The steps run on an <see cref="RnnEngine"/>
/// (managed by default); the loop and every decision in it are the same whichever engine runs them.
/// </summary>
internal sealed class SequenceTrainer
{
    /// <summary>Creates a trainer for <paramref name="model"/>, training on <paramref name="engine"/> (the managed engine when null).</summary>
    /// <exception cref="ArgumentException">An option is invalid (named in the message).</exception>
    public SequenceTrainer(SequenceModel model, TrainerOptions? options = null, RnnEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Options = options ?? new TrainerOptions();
        Options.Validate();
        Engine = engine ?? RnnEngine.Managed;
    }

    /// <summary>The model trained in place.</summary>
    public SequenceModel Model { get; }

    /// <summary>The training settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Where the steps run.</summary>
    public RnnEngine Engine { get; }

    /// <summary>
    /// Trains the model. Without <paramref name="validation"/>, <see cref="TrainerOptions.ValidationFraction"/>
    /// of the training data is held out (seeded). Cancellation stops between batches and returns normally with
    /// <see cref="TrainingResult.Cancelled"/> set; the model then holds the best weights seen (or the latest).
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit the model (input kind, widths, target kind or range).</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public TrainingResult Fit(SequenceDataset train, SequenceDataset? validation = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        BatchTargets.CheckCompatible(Model, train, nameof(train));
        if (validation is not null)
            BatchTargets.CheckCompatible(Model, validation, nameof(validation));
        var rng = new Rng(Options.Seed);
        if (validation is null && Options.ValidationFraction > 0)
            (train, validation) = Split(train, Options.ValidationFraction, rng);
        if (!Model.Options.UsesTokens && Options.NormalizeFeatures && Model.Normalizer is null)
            Model.Normalizer = Standardizer.Fit(train.Features!, train.FeatureCount);
        if (HasValueTargets(train) && Options.NormalizeTargets && Model.TargetNormalizer is null)
            Model.TargetNormalizer = Standardizer.Fit(train.Values!, train.ValueCount);

        var wordDropout = train.UsesTokens ? WordDropout.For(Options, Model.Options.VocabularySize!.Value, train.Tokens!.SelectMany(ids => ids), rng) : null;
        using var session = Engine.StartTraining(Model, Options);
        int stepsPerEpoch = (train.Count + Options.BatchSize - 1) / Options.BatchSize;
        long totalSteps = (long)stepsPerEpoch * Options.Epochs;
        var history = new List<EpochSummary>();
        var clock = Stopwatch.StartNew();
        var stopping = new EarlyStopping(Model.Parameters, Options.EarlyStoppingPatience);
        long tokens = 0, step = 0;
        bool cancelled = false;

        // Whatever happens, the model leaves training in evaluation mode (dropout off) and holds the engine's latest weights.
        try
        {
            for (int epoch = 1; epoch <= Options.Epochs && !stopping.ShouldStop && !cancelled; epoch++)
            {
                session.Training = true;
                var batches = BatchPlanner.Plan(train.LengthOf, train.Count, Options.BatchSize, Options.BucketByLength, rng);
                double lossSum = 0;
                for (int b = 0; b < batches.Count; b++)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        cancelled = true;
                        break;
                    }
                    session.LearningRate = (float)(Options.LearningRate * Options.Schedule.Factor(step, epoch - 1, totalSteps));
                    var (batch, targets) = Batch(train, batches[b]);
                    wordDropout?.Apply(batch);
                    double loss = session.TrainStep(batch, targets);
                    if (!double.IsFinite(loss))
                        throw new TrainingDivergedException(epoch, b + 1, step, loss);
                    step++;
                    lossSum += loss;
                    tokens += batches[b].Sum(train.LengthOf);
                    bool last = b == batches.Count - 1;
                    if (!last)
                        progress?.Report(Progress(epoch, b + 1, stepsPerEpoch, lossSum / (b + 1), session.LearningRate, null, tokens, clock.Elapsed, step, totalSteps));
                }
                if (cancelled)
                    break;

                session.Training = false;
                // The model holds the epoch's weights before validation: a CRF's loss and decoding read its transitions from the model.
                if (validation is not null)
                    session.ReadWeights(Model.Parameters);
                var validationResult = validation is null ? null : EvaluateCore(validation, null, batch => session.Forward(batch));
                double trainingLoss = lossSum / batches.Count;
                history.Add(new EpochSummary(epoch, trainingLoss, validationResult));
                progress?.Report(Progress(epoch, stepsPerEpoch, stepsPerEpoch, trainingLoss, session.LearningRate, validationResult, tokens, clock.Elapsed, step, totalSteps));
                stopping.EndEpoch(epoch, validationResult?.Loss);
            }
        }
        finally
        {
            session.Training = false;
            session.ReadWeights(Model.Parameters);
        }

        stopping.RestoreBest();
        return new TrainingResult(history, stopping.BestEpoch, stopping.ShouldStop, cancelled, clock.Elapsed);
    }

    /// <summary>Evaluates the model (dropout off) on <paramref name="data"/>.</summary>
    /// <param name="data">Examples with targets.</param>
    /// <param name="tagNames">For per-step classes that are BIO tags: the name of each tag id, to add entity-level F1.</param>
    /// <exception cref="ArgumentException">The data does not fit the model.</exception>
    public Evaluation Evaluate(SequenceDataset data, IReadOnlyList<string>? tagNames = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        BatchTargets.CheckCompatible(Model, data, nameof(data));
        bool wasTraining = Model.Training;
        Model.Training = false;
        try
        {
            return EvaluateCore(data, tagNames, batch => Model.Forward(batch).Logits);
        }
        finally
        {
            Model.Training = wasTraining;
        }
    }

    private (SequenceBatch Batch, BatchTargetValues Targets) Batch(SequenceDataset data, int[] indices)
    {
        var batch = BatchTargets.Inputs(data, indices);
        return (batch, HasValueTargets(data)
            ? new BatchTargetValues(null, Standardized(BatchTargets.Values(data, indices, batch)))
            : new BatchTargetValues(BatchTargets.Classes(data, indices, batch), null));
    }

    private static bool HasValueTargets(SequenceDataset data) => data.Targets is SequenceTargets.Values or SequenceTargets.StepValues;

    /// <summary>Value targets in the units the head learns: standardised when the model has a target normalizer.</summary>
    private float[] Standardized(float[] values)
    {
        if (Model.TargetNormalizer is not { } normalizer)
            return values;
        var standard = new float[values.Length];
        normalizer.Apply(values, standard);
        return standard;
    }

    /// <summary>Metrics of <paramref name="data"/> from the logits <paramref name="forward"/> gives (the model's, or an engine session's).</summary>
    private Evaluation EvaluateCore(SequenceDataset data, IReadOnlyList<string>? tagNames, Func<SequenceBatch, float[]> forward)
    {
        int classes = Model.Options.Outputs;
        bool classTargets = !HasValueTargets(data);
        var classification = data.Targets == SequenceTargets.Class && classes >= 2 ? new ClassificationMetricsAccumulator(classes) : null;
        var regression = classTargets ? null : new RegressionMetricsAccumulator();
        var tagging = data.Targets == SequenceTargets.StepClasses && tagNames is not null ? new TaggingMetricsAccumulator() : null;
        double lossSum = 0;
        long lossCount = 0, correctSteps = 0;

        // Longest-first batches in a fixed order: evaluation is deterministic and wastes no padding.
        var order = Enumerable.Range(0, data.Count).OrderByDescending(data.LengthOf).ThenBy(i => i).ToArray();
        for (int start = 0; start < order.Length; start += Options.BatchSize)
        {
            var indices = order.AsSpan(start, Math.Min(Options.BatchSize, order.Length - start)).ToArray();
            var batch = BatchTargets.Inputs(data, indices);
            var logits = forward(batch);
            var scratch = new float[logits.Length];
            if (classTargets)
            {
                var targets = BatchTargets.Classes(data, indices, batch);
                // A CRF's loss is per sequence; its sum over the tokens makes a per-token loss and perplexity comparable across batches.
                lossSum += Model.Crf is { } crf
                    ? crf.NegativeLogLikelihood(logits, batch.Layout, targets, []) * batch.BatchSize
                    : Losses.CrossEntropy(logits, classes, targets, scratch) * targets.Length;
                lossCount += targets.Length;
                var probabilities = Softmax.Rows(logits, classes);
                classification?.Add(targets, probabilities);
                if (data.Targets == SequenceTargets.StepClasses)
                    correctSteps += CountCorrect(Predicted(logits, probabilities, batch), targets, tagging, tagNames, batch);
            }
            else
            {
                // The loss as training sees it (standard units, so early stopping compares like with like); the metrics in the targets' units.
                var targets = BatchTargets.Values(data, indices, batch);
                lossSum += Losses.MeanSquaredError(logits, Standardized(targets), scratch) * targets.Length;
                lossCount += targets.Length;
                Model.ToTargetUnits(logits);
                regression!.Add(targets, logits);
            }
        }

        double loss = lossSum / lossCount;
        return data.Targets switch
        {
            SequenceTargets.Class => new Evaluation(loss, Classification: classification?.Compute()),
            SequenceTargets.StepClasses => new Evaluation(loss, Tokens: LanguageModelMetrics.FromNegativeLogLikelihood(lossSum, lossCount),
                Tagging: tagging?.Compute(), TokenAccuracy: (double)correctSteps / lossCount),
            _ => new Evaluation(loss, Regression: regression!.Compute()),
        };
    }

    /// <summary>Each step's class: the CRF's best path (unconstrained: the trainer knows no tag names), else the most likely class.</summary>
    private int[] Predicted(float[] logits, float[] probabilities, SequenceBatch batch)
    {
        int classes = Model.Options.Outputs;
        var predicted = new int[batch.Layout.TotalRows];
        if (Model.Crf is { } crf)
            crf.Decode(logits, batch.Layout, null, predicted);
        else
        {
            for (int r = 0; r < predicted.Length; r++)
                predicted[r] = TensorPrimitives.IndexOfMax(probabilities.AsSpan(r * classes, classes));
        }
        return predicted;
    }

    private static long CountCorrect(int[] predicted, int[] targets, TaggingMetricsAccumulator? tagging, IReadOnlyList<string>? tagNames, SequenceBatch batch)
    {
        long correct = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            if (predicted[r] == targets[r]) correct++;
        }
        if (tagging is not null)
        {
            // Entities are read per sentence, so regroup packed rows into each sequence's steps.
            var layout = batch.Layout;
            var truth = new int[layout.BatchSize][];
            var guess = new int[layout.BatchSize][];
            for (int b = 0; b < layout.BatchSize; b++)
            {
                truth[b] = new int[layout.LengthOf(b)];
                guess[b] = new int[layout.LengthOf(b)];
            }
            SequenceBatch.ForEachRow(layout, (row, b, t) => { truth[b][t] = targets[row]; guess[b][t] = predicted[row]; });
            for (int b = 0; b < layout.BatchSize; b++)
                tagging.Add(truth[b], guess[b], tagNames!);
        }
        return correct;
    }

    /// <summary>How many of <paramref name="count"/> examples a validation fraction holds out: at least one.</summary>
    internal static int HeldOut(int count, double fraction) => Math.Max(1, (int)Math.Round(count * fraction));

    private static (SequenceDataset Train, SequenceDataset Validation) Split(SequenceDataset data, double fraction, Rng rng)
    {
        var order = Enumerable.Range(0, data.Count).ToArray();
        rng.Shuffle<int>(order);
        int held = HeldOut(data.Count, fraction);
        if (held >= data.Count)
            throw new ArgumentException($"A validation fraction of {fraction} leaves no training examples out of {data.Count}.", nameof(data));
        return (data.Subset(order[held..]), data.Subset(order[..held]));
    }

    private TrainingProgress Progress(int epoch, int stepInEpoch, int stepsPerEpoch, double loss, double learningRate, Evaluation? validation,
        long tokens, TimeSpan elapsed, long step, long totalSteps) =>
        TrainingProgress.Create(epoch, Options.Epochs, stepInEpoch, stepsPerEpoch, loss, learningRate, validation, tokens, elapsed, step, totalSteps);
}
