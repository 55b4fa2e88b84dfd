using System.Text.Json.Serialization;
using MLNet.Rnn.Engines;
using MLNet.Rnn.Training;

namespace MLNet.Rnn;

/// <summary>Everything an <see cref="RnnEstimator"/> needs: the task, the columns, the model and the training.</summary>
/// <remarks>
/// An option left null takes its task's default, the same whether the estimator comes from <c>Transforms.Rnn</c> or a
/// task's catalog method (the README has the table); <see cref="RnnEstimator.Options"/> shows the values that train.
/// The column types each task takes are listed on <see cref="InputColumnName"/> and <see cref="LabelColumnName"/>.
/// </remarks>
public sealed record RnnOptions
{
    /// <summary>What to learn.</summary>
    public RnnTask Task { get; init; } = RnnTask.Classification;

    /// <summary>
    /// The input column: text (<c>string</c>, tokenized inside), tokens (a vector of text, e.g. from
    /// <c>TokenizeIntoWords</c>), token keys (a vector of keys, e.g. from <c>MapValueToKey</c>), or numeric steps (a
    /// <c>float</c> vector of steps x <see cref="FeaturesPerStep"/>: variable-length for sequences, fixed-size for a
    /// window of a series).
    /// </summary>
    public string InputColumnName { get; init; } = "Text";

    /// <summary>
    /// The label column: a key (multiclass, from <c>MapValueToKey</c>) or <c>bool</c> (binary) for classification;
    /// <c>float</c> or a fixed-size <c>float</c> vector (several values) for regression and forecasting; a vector of
    /// keys or of text, one per input token, for tagging. Unused by language models. Rows whose label is missing (key
    /// 0, NaN) are skipped in training, as ML.NET's trainers do.
    /// </summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>
    /// The score column the transformer adds: class probabilities (multiclass), the margin (binary), predicted values
    /// (regression, forecasting) or per-row perplexity (language models).
    /// </summary>
    public string ScoreColumnName { get; init; } = "Score";

    /// <summary>The column added with the predicted class (classification) or tags (tagging).</summary>
    public string PredictedLabelColumnName { get; init; } = "PredictedLabel";

    /// <summary>Features in each step of a numeric input: the input vector holds steps x this many values.</summary>
    public int FeaturesPerStep { get; init; } = 1;

    /// <summary>The recurrent cell; null for the task's default (LSTM for classification and tagging, GRU otherwise).</summary>
    public RecurrentCell? Cell { get; init; }

    /// <summary>Hidden features per direction; null for the task's default (64, 32 for values, 256 for language models).</summary>
    public int? HiddenSize { get; init; }

    /// <summary>Stacked recurrent layers.</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Whether layers also read backwards (never for language models); null for the task's default (on for classification and tagging).</summary>
    public bool? Bidirectional { get; init; }

    /// <summary>Dropout between recurrent layers and on the head's input, in training.</summary>
    public float Dropout { get; init; }

    /// <summary>
    /// Text and token inputs, in training only: how often input tokens are replaced by the unknown token (the missing key
    /// for token keys), rare words more than frequent ones: a word seen n times in the training set is replaced with
    /// chance a / (a + n), a this value (Kiperwasser and Goldberg, 2016), so at 0.25 a word seen once drops a fifth of
    /// the time and one seen a hundred times almost never. The unknown token's embedding is then learned from the words
    /// most like those met only at prediction, instead of being left at its random start. Language models replace inputs
    /// only, never the tokens they predict. 0 turns it off; numeric inputs ignore it. Null for the task's default (0.25;
    /// 0.5 for tagging, where a word seen once then drops a third of the time; 0 for language models, whose default
    /// character tokens have no rare words to stand in for).
    /// </summary>
    public float? WordDropout { get; init; }

    /// <summary>
    /// Tagging: whether a CRF layer scores whole tag sequences over the per-step scores (PyTorch names
    /// <c>crf.transitions</c>, <c>crf.start_transitions</c>, <c>crf.end_transitions</c>): trained on the sequence's
    /// negative log-likelihood, predicting the best tag sequence (Viterbi) instead of each token's best tag. Null for the
    /// task's default (on for tagging); other tasks refuse true. A CRF model cannot be exported to ONNX.
    /// </summary>
    public bool? Crf { get; init; }

    /// <summary>
    /// Text and token inputs: features of each token's spelling, read beside its embedding, so that a word never seen in
    /// training is still read by its shape (capitals, digits, suffixes): the token's first 20 characters through a
    /// character embedding of 25 and a convolution of width 3 with this many filters, max-pooled over the word (Ma and
    /// Hovy, 2016; PyTorch names <c>char_embedding.weight</c>, <c>char_cnn.weight</c>, <c>char_cnn.bias</c>). The
    /// characters are the token's as given, whatever <see cref="LowerCase"/> does to its word (text input: as the
    /// tokenizer gives it, lower-cased with the text). 0 turns it off; token keys and numeric inputs ignore it; language models refuse it. Null
    /// for the task's default (30 for tagging, 0 otherwise). A model with character features cannot be exported to ONNX.
    /// </summary>
    public int? CharacterFeatures { get; init; }

    /// <summary>
    /// Text, token and token-key inputs: a text file of pretrained word vectors (word2vec, GloVe or fastText's
    /// <c>.vec</c>: a word and its values per line, separated by spaces, with or without word2vec's first line of two
    /// counts), read at Fit to initialise the embedding rows of the vocabulary's words (token keys: of the key values)
    /// that the file holds, matched exactly (so lower-cased vectors suit lower-cased text and tokens); the other rows start as
    /// without it. Every vector must have <see cref="EmbeddingSize"/> values. Only the trained model is saved, never the
    /// file. Null for none; numeric inputs refuse it.
    /// </summary>
    public string? WordVectorsPath { get; init; }

    /// <summary>
    /// With <see cref="WordVectorsPath"/>: the embedding keeps its initial values through training (the vectors stay
    /// as pretrained; the unknown token's row and words missing from the file stay at their random start), while the
    /// rest of the model learns to read them. False fine-tunes them with the rest.
    /// </summary>
    public bool FreezeEmbedding { get; init; }

    /// <summary>
    /// Tagging with a CRF, when the tags are BIO (every one <c>O</c>, <c>B-X</c> or <c>I-X</c>): predictions never put
    /// <c>I-X</c> first, after <c>O</c>, or after <c>B-Y</c>/<c>I-Y</c> of another type. Applied when predicting, not in
    /// training, where a corpus's stray <c>I-X</c> would make an impossible gold sequence.
    /// </summary>
    public bool BioConstraints { get; init; } = true;

    /// <summary>How classification and regression pool a sequence.</summary>
    public SequencePooling Pooling { get; init; } = SequencePooling.LastHidden;

    /// <summary>Embedding width for text and token inputs; null for the task's default (64, 32 for language models).</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>How text inputs are split into tokens; null for the task's default (words; whitespace for tagging, characters for language models).</summary>
    public TextTokenization? Tokenization { get; init; }

    /// <summary>
    /// Whether words are lower-cased (invariant culture) for the vocabulary: text before it is split, tokens each before
    /// the vocabulary looks it up. Character features read a token's characters as given, so a tagger over tokens keeps
    /// capitals in its spelling features while its words share embeddings across case; text input lower-cases those
    /// characters with the text.
    /// </summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>The largest vocabulary, the padding and unknown tokens included (at least 3); null for no limit. The most frequent tokens are kept.</summary>
    public int? MaxVocabularySize { get; init; }

    /// <summary>Tokens seen fewer times in training map to the unknown token (at least 1).</summary>
    public int MinTokenFrequency { get; init; } = 1;

    /// <summary>Passes over the training data; null for the task's default (10, 5 for language models).</summary>
    public int? Epochs { get; init; }

    /// <summary>Rows per batch (parallel streams for language models); null for the task's default (32, 16 for tagging).</summary>
    public int? BatchSize { get; init; }

    /// <summary><c>adam</c>, <c>adamw</c> or <c>sgd</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>The learning rate; null for the task's default (2e-3, 1e-2 for values, 5e-3 for tagging, 3e-3 for language models).</summary>
    public float? LearningRate { get; init; }

    /// <summary>Weight decay.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Global gradient-norm clipping, 0 for none; null for the task's default (none, 1 for language models).</summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>
    /// Whether batches group rows of similar length: somewhat faster when lengths vary widely, but it changes what each
    /// batch averages over, and cost 1.6 points of token accuracy on a part-of-speech tagger; off by default.
    /// </summary>
    public bool BucketByLength { get; init; }

    /// <summary>Held out from the training data for validation when no validation data is given; 0 for none.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Epochs without a better validation loss before stopping (best weights restored); null never stops early.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Language models: tokens per stream per batch (truncated backpropagation through time).</summary>
    public int BpttLength { get; init; } = 35;

    /// <summary>Whether numeric inputs are standardised with statistics learned from the training data.</summary>
    public bool NormalizeFeatures { get; init; } = true;

    /// <summary>
    /// Regression and forecasting: whether the network learns the targets standardised per value (mean and deviation
    /// learned from the training data, saved with the model, undone at prediction), so targets in any units train as
    /// well as targets near zero. Off, training warns through <c>MLContext.Log</c> when the targets' scale is far from
    /// unit scale. Other tasks ignore it.
    /// </summary>
    public bool NormalizeTargets { get; init; } = true;

    /// <summary>
    /// Where to train: null (the default) follows ML.NET's convention, the managed engine unless
    /// <c>MLContext.GpuDeviceId</c> is set, then the CUDA engine of the MLNet.Rnn.TorchSharp package (or, when CUDA is
    /// not there, the managed engine if <c>MLContext.FallbackToCpu</c>, else an error). An engine given here is used as
    /// it is, e.g. <c>TorchSharpEngine.Cpu()</c>. Not saved with the model: a saved model is the same whichever engine
    /// trained it.
    /// </summary>
    [JsonIgnore]
    public RnnEngine? Engine { get; init; }

    /// <summary>
    /// Stops training between batches when cancelled. Once an epoch has completed, <c>Fit</c> then returns a usable
    /// transformer holding the best weights so far (<see cref="RnnTransformer.TrainingResult"/> says it was cancelled);
    /// before that there is no trained model, and <c>Fit</c> throws <see cref="OperationCanceledException"/>. (Cancelling
    /// the <c>MLContext</c> always throws, as ML.NET's trainers do.) Not saved with the model.
    /// </summary>
    [JsonIgnore]
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Receives a report after every batch and at the end of each epoch (epoch summaries also go to
    /// <c>MLContext.Log</c>). Not saved with the model.
    /// </summary>
    [JsonIgnore]
    public IProgress<TrainingProgress>? Progress { get; init; }
}
