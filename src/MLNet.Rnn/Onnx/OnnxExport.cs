using MLNet.Rnn.Models;

namespace MLNet.Rnn.Onnx;

/// <summary>
/// A trained model as an ONNX graph, for <c>mlContext.Model.ConvertToOnnx</c>: the input column encoded as the model
/// reads it (tokenizer and vocabulary included), the recurrent layers, the head, and the added columns, so that ONNX
/// Runtime gives the managed engine's outputs.
/// </summary>
/// <remarks>
/// Targets ONNX opset 11 or 12 (ML.NET's converter writes 12 by default; 13 changed the reductions this relies on),
/// ai.onnx.ml 2 (LabelEncoder) and ONNX Runtime's com.microsoft Tokenizer for text and lower-cased tokens. A batch of rows of different
/// lengths is padded: tags and numeric sequences then have the longest row's length, as ONNX tensors must; ML.NET's
/// ApplyOnnxModel scores one row at a time, which is exact.
/// </remarks>
internal static class OnnxExport
{
    /// <exception cref="NotSupportedException">The model has a part ONNX cannot express (a CRF), named in the message.</exception>
    public static void Write(OnnxGraph g, SequenceModel model, InputEncoder encoder, LabelEncoder labels, string inputColumn, IReadOnlyList<OutputColumn> outputs)
    {
        // Refused before anything is written, so a failed conversion leaves no half graph behind.
        if (model.Crf is not null)
            throw new NotSupportedException("This tagger has a CRF output layer, and its Viterbi decoding has no ONNX operator; train it with Crf = false to export it to ONNX.");
        if (model.Characters is not null)
            throw new NotSupportedException("This model reads each token's characters (CharacterFeatures), which the export does not write; train it with CharacterFeatures = 0 to export it to ONNX.");
        var input = InputGraph.Write(g, encoder, model.Normalizer, inputColumn);
        var (steps, finalStates) = RecurrentGraph.Write(g, model, input);
        string logits = HeadGraph.Logits(g, model, steps, finalStates, input.Lengths);
        OutputGraph.Write(g, model, labels, outputs, logits, input);
    }
}
