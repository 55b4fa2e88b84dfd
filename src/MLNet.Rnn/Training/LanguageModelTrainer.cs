using System.Diagnostics;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn.Training;

/// <summary>
/// Trains a next-token language model statefully with truncated backpropagation through time: the token
/// stream is cut into <see cref="TrainerOptions.BatchSize"/> parallel streams, each batch is the next
/// <see cref="BpttLength"/> tokens of every stream, and the recurrent state is carried from one batch to the
/// next with its gradient cut.
/// </summary>
internal sealed class LanguageModelTrainer
{
    /// <summary>Creates a trainer for a unidirectional, per-step, token-input model, training on <paramref name="engine"/> (managed when null).</summary>
    /// <exception cref="ArgumentException">The model is not a causal token model, or an option is invalid.</exception>
    public LanguageModelTrainer(SequenceModel model, TrainerOptions? options = null, int bpttLength = 35, RnnEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Options.UsesTokens || model.Options.Head != HeadKind.PerStep || model.Options.Bidirectional)
            throw new ArgumentException("A language model reads token ids, predicts at every step (PerStep head) and runs forward only (not bidirectional).", nameof(model));
        if (model.Options.Outputs != model.Options.VocabularySize)
            throw new ArgumentException($"A language model predicts the next token: Outputs ({model.Options.Outputs}) must equal VocabularySize ({model.Options.VocabularySize}).", nameof(model));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bpttLength);
        Model = model;
        Options = options ?? new TrainerOptions();
        Options.Validate();
        BpttLength = bpttLength;
        Engine = engine ?? RnnEngine.Managed;
    }

    /// <summary>The model trained in place.</summary>
    public SequenceModel Model { get; }

    /// <summary>The training settings; <see cref="TrainerOptions.BatchSize"/> is the number of parallel streams.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Tokens per stream per batch: how far back gradients flow.</summary>
    public int BpttLength { get; }

    /// <summary>Where the steps run.</summary>
    public RnnEngine Engine { get; }

    /// <summary>
    /// Trains on <paramref name="tokens"/>; evaluates perplexity on <paramref name="validationTokens"/> after each
    /// epoch (early stopping and best-weight restore as in <see cref="SequenceTrainer"/>). Without validation
    /// tokens, <see cref="TrainerOptions.ValidationFraction"/> holds out the end of the text.
    /// </summary>
    /// <exception cref="ArgumentException">Too few tokens for one batch, or a token id outside the vocabulary.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public TrainingResult Fit(IReadOnlyList<int> tokens, IReadOnlyList<int>? validationTokens = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (validationTokens is null && Options.ValidationFraction > 0)
        {
            // Hold out the end of the text, contiguous: shuffled windows would leak context across the split.
            int cut = (int)Math.Round(tokens.Count * (1 - Options.ValidationFraction));
            (tokens, validationTokens) = (tokens.Take(cut).ToArray(), tokens.Skip(cut).ToArray());
        }
        var streams = TokenStreams.Create(tokens, Options.BatchSize, BpttLength, Model.Options.VocabularySize!.Value, nameof(tokens));
        if (validationTokens is not null)
            TokenStreams.ForEvaluation(validationTokens, Options.BatchSize, BpttLength, Model.Options.VocabularySize!.Value, nameof(validationTokens));
        var wordDropout = WordDropout.For(Options, Model.Options.VocabularySize!.Value, tokens, new Rng(Options.Seed));
        using var session = Engine.StartTraining(Model, Options);
        int stepsPerEpoch = streams.Windows;
        long totalSteps = (long)stepsPerEpoch * Options.Epochs, step = 0, seen = 0;
        var history = new List<EpochSummary>();
        var clock = Stopwatch.StartNew();
        var stopping = new EarlyStopping(Model.Parameters, Options.EarlyStoppingPatience);
        bool cancelled = false;

        // Whatever happens, the model leaves training in evaluation mode (dropout off) and holds the engine's latest weights.
        try
        {
            for (int epoch = 1; epoch <= Options.Epochs && !stopping.ShouldStop && !cancelled; epoch++)
            {
                session.Training = true;
                session.ResetState();
                double lossSum = 0;
                for (int w = 0; w < streams.Windows; w++)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        cancelled = true;
                        break;
                    }
                    session.LearningRate = (float)(Options.LearningRate * Options.Schedule.Factor(step, epoch - 1, totalSteps));
                    var (batch, targets) = streams.Window(w);
                    // Inputs only: the targets are a separate array, so the model still predicts the true next token.
                    wordDropout?.Apply(batch);
                    // The state carries from window to window with its gradient cut.
                    double loss = session.TrainStep(batch, new BatchTargetValues(targets, null), carryState: true);
                    if (!double.IsFinite(loss))
                        throw new TrainingDivergedException(epoch, w + 1, step, loss);
                    step++;
                    lossSum += loss;
                    seen += targets.Length;
                    if (w < streams.Windows - 1)
                        progress?.Report(Report(epoch, w + 1, lossSum / (w + 1), session.LearningRate, null, seen, clock.Elapsed, step, totalSteps));
                }
                if (cancelled)
                    break;

                session.Training = false;
                var validation = validationTokens is null ? null : EvaluateCore(validationTokens, batch => session.Forward(batch, carryState: true), session.ResetState);
                double trainingLoss = lossSum / streams.Windows;
                var evaluation = validation is null ? null : new Evaluation(validation.CrossEntropy, Tokens: validation);
                history.Add(new EpochSummary(epoch, trainingLoss, evaluation));
                progress?.Report(Report(epoch, stepsPerEpoch, trainingLoss, session.LearningRate, evaluation, seen, clock.Elapsed, step, totalSteps));
                if (validation is not null)
                    session.ReadWeights(Model.Parameters);
                stopping.EndEpoch(epoch, validation?.CrossEntropy);
            }
        }
        finally
        {
            session.Training = false;
            session.ReadWeights(Model.Parameters);
        }

        stopping.RestoreBest();
        return new TrainingResult(history, stopping.BestEpoch, stopping.ShouldStop, cancelled, clock.Elapsed);

        TrainingProgress Report(int epoch, int stepInEpoch, double loss, double rate, Evaluation? validation, long tokensSeen, TimeSpan elapsed, long done, long total) =>
            TrainingProgress.Create(epoch, Options.Epochs, stepInEpoch, stepsPerEpoch, loss, rate, validation, tokensSeen, elapsed, done, total);
    }

    /// <summary>
    /// Perplexity on <paramref name="tokens"/>, read statefully in streams and windows like training (fewer streams,
    /// or shorter windows, when the text is too short to fill them).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two tokens, or a token id outside the vocabulary.</exception>
    public LanguageModelMetrics Evaluate(IReadOnlyList<int> tokens)
    {
        bool wasTraining = Model.Training;
        Model.Training = false;
        try
        {
            RecurrentState? state = null;
            return EvaluateCore(tokens, batch =>
            {
                var output = Model.Forward(batch, state);
                state = output.FinalState;
                return output.Logits;
            }, () => state = null);
        }
        finally
        {
            Model.Training = wasTraining;
        }
    }

    /// <summary>
    /// Perplexity from the logits <paramref name="forward"/> gives for each window in turn, carrying state (the model's,
    /// or an engine session's, which <paramref name="resetState"/> clears first).
    /// </summary>
    private LanguageModelMetrics EvaluateCore(IReadOnlyList<int> tokens, Func<SequenceBatch, float[]> forward, Action resetState)
    {
        var streams = TokenStreams.ForEvaluation(tokens, Options.BatchSize, BpttLength, Model.Options.VocabularySize!.Value, nameof(tokens));
        resetState();
        var metrics = new LanguageModelMetricsAccumulator();
        for (int w = 0; w < streams.Windows; w++)
        {
            var (batch, targets) = streams.Window(w);
            var logits = forward(batch);
            metrics.Add(Losses.CrossEntropy(logits, Model.Options.Outputs, targets, new float[logits.Length]) * targets.Length, targets.Length);
        }
        return metrics.Compute();
    }
}
