namespace MLNet.Rnn;

/// <summary>What an <see cref="RnnEstimator"/> learns.</summary>
public enum RnnTask
{
    /// <summary>A class per row (binary or multiclass) from text, tokens or numeric steps; scores are class probabilities.</summary>
    Classification,

    /// <summary>One or more numbers per row from text, tokens or numeric steps.</summary>
    Regression,

    /// <summary>A tag per token (part of speech, named entities) from a token column and an aligned tag column.</summary>
    Tagging,

    /// <summary>The next token at every position of text (character or word level); generates text.</summary>
    LanguageModel,

    /// <summary>The next value or next k values of a series from a window of its history.</summary>
    Forecasting,
}

/// <summary>The recurrent cell of the model.</summary>
public enum RecurrentCell
{
    /// <summary>Long short-term memory (PyTorch's <c>nn.LSTM</c>).</summary>
    Lstm,

    /// <summary>Gated recurrent unit (PyTorch's <c>nn.GRU</c>).</summary>
    Gru,

    /// <summary>Elman RNN with tanh (PyTorch's <c>nn.RNN</c>).</summary>
    Rnn,

    /// <summary>Elman RNN with relu.</summary>
    RnnRelu,
}

/// <summary>How a sequence's steps become one vector for a per-row prediction.</summary>
public enum SequencePooling
{
    /// <summary>The final hidden state (both directions when bidirectional).</summary>
    LastHidden,

    /// <summary>The mean of the outputs over the sequence's steps.</summary>
    Mean,

    /// <summary>The element-wise max of the outputs over the sequence's steps.</summary>
    Max,
}

/// <summary>How text becomes tokens.</summary>
public enum TextTokenization
{
    /// <summary>Words and punctuation marks (<c>\w+|[^\w\s]</c>).</summary>
    Words,

    /// <summary>Every character, spaces included.</summary>
    Characters,

    /// <summary>Text already split into tokens by whitespace.</summary>
    Whitespace,
}
