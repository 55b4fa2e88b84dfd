namespace MLNet.Rnn;

/// <summary>
/// The one set of defaults for each task, for the options <see cref="RnnOptions"/> leaves null: the README's table is
/// this one. The catalog methods and <c>Transforms.Rnn</c> train the same model for the same task.
/// </summary>
/// <remarks>
/// The estimator fills them in when it is made, and the model file keeps the values, so a model loads as it was
/// trained even if a later release changes a default.
/// </remarks>
internal sealed record TaskDefaults(RecurrentCell Cell, int HiddenSize, bool Bidirectional, int EmbeddingSize, TextTokenization Tokenization,
    int Epochs, int BatchSize, float LearningRate, double ClipGradientNorm, float WordDropout, bool Crf, int CharacterFeatures)
{
    private static readonly TaskDefaults Classification = new(RecurrentCell.Lstm, 64, true, 64, TextTokenization.Words, 10, 32, 2e-3f, 0, 0.25f, false, 0);

    // A small GRU with a faster rate: value targets are standardised, and series windows are short.
    private static readonly TaskDefaults Values = new(RecurrentCell.Gru, 32, false, 64, TextTokenization.Words, 10, 32, 1e-2f, 0, 0.25f, false, 0);

    // CoNLL-style data is tokenized already. A CRF scores whole tag sequences, so predictions are consistent sequences (an
    // entity's tags agree) rather than each token's best guess. Character features read words unseen in training by
    // their spelling, which names and rare words often are; heavier word dropout makes the model lean on them. Smaller
    // batches at a faster rate give the few thousand sentences of an entity corpus enough steps: measured on the WNUT
    // 2017 and EWT dev sets (docs/benchmarks.md), each of these beat the classifier's settings.
    private static readonly TaskDefaults Tagging = Classification with
    {
        Tokenization = TextTokenization.Whitespace, BatchSize = 16, LearningRate = 5e-3f, WordDropout = 0.5f, Crf = true, CharacterFeatures = 30,
    };

    // A character model reads the future never; a wider GRU over small embeddings, clipped, as in the classic char-RNN recipe.
    // No word dropout: a character vocabulary has no rare tokens for the unknown token to stand in for.
    private static readonly TaskDefaults LanguageModel = new(RecurrentCell.Gru, 256, false, 32, TextTokenization.Characters, 5, 32, 3e-3f, 1, 0, false, 0);

    public static TaskDefaults For(RnnTask task) => task switch
    {
        RnnTask.Regression or RnnTask.Forecasting => Values,
        RnnTask.Tagging => Tagging,
        RnnTask.LanguageModel => LanguageModel,
        _ => Classification,
    };

    /// <summary><paramref name="options"/> with every option it leaves null set to its task's default.</summary>
    public static RnnOptions Apply(RnnOptions options)
    {
        var d = For(options.Task);
        return options with
        {
            Cell = options.Cell ?? d.Cell,
            HiddenSize = options.HiddenSize ?? d.HiddenSize,
            Bidirectional = options.Bidirectional ?? d.Bidirectional,
            EmbeddingSize = options.EmbeddingSize ?? d.EmbeddingSize,
            Tokenization = options.Tokenization ?? d.Tokenization,
            Epochs = options.Epochs ?? d.Epochs,
            BatchSize = options.BatchSize ?? d.BatchSize,
            LearningRate = options.LearningRate ?? d.LearningRate,
            ClipGradientNorm = options.ClipGradientNorm ?? d.ClipGradientNorm,
            WordDropout = options.WordDropout ?? d.WordDropout,
            Crf = options.Crf ?? d.Crf,
            CharacterFeatures = options.CharacterFeatures ?? d.CharacterFeatures,
        };
    }
}
