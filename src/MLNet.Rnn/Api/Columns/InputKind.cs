namespace MLNet.Rnn;

/// <summary>What the input column holds, decided by its type (see <see cref="ColumnRules.InputKindOf"/>).</summary>
internal enum InputKind
{
    /// <summary><c>string</c>: tokenized inside, with a vocabulary learned at Fit.</summary>
    Text,

    /// <summary>A vector of text: one token per item, vocabulary learned at Fit.</summary>
    Tokens,

    /// <summary>A vector of <c>uint</c> keys: token ids already, the vocabulary is the key's values.</summary>
    TokenKeys,

    /// <summary>A variable-length <c>float</c> vector: steps x features.</summary>
    Sequence,

    /// <summary>A fixed-size <c>float</c> vector: a window of steps x features.</summary>
    Window,
}

/// <summary>What the label column holds, decided by its type and the task (see <see cref="ColumnRules.LabelKindOf"/>).</summary>
internal enum LabelKind
{
    /// <summary>Language models: the input is its own target.</summary>
    None,

    /// <summary>A <c>uint</c> key: one of the key's classes.</summary>
    ClassKey,

    /// <summary><c>bool</c>: binary classification.</summary>
    Boolean,

    /// <summary><c>float</c>: one value.</summary>
    Value,

    /// <summary>A fixed-size <c>float</c> vector: several values.</summary>
    Values,

    /// <summary>A vector of <c>uint</c> keys, one per token.</summary>
    TagKeys,

    /// <summary>A vector of text, one tag per token.</summary>
    TagText,
}
