using Microsoft.ML;

namespace MLNet.Rnn;

/// <summary>
/// What <see cref="RnnTransformer.Transform"/> returns: the input with the added columns, computed lazily, when a
/// cursor moves and only if one of them is asked for. Rows keep the input's order. It is a step of ML.NET's pipeline
/// (its <see cref="Source"/> is the input), so <c>ConvertToOnnx</c> walks through it (see MLNetInternals).
/// </summary>
internal sealed partial class RnnDataView(IDataView input, SchemaBinding binding, InputEncoder encoder, BatchScorer scorer, RnnTransformer transformer) : IDataView
{
    /// <summary>Rows scored per forward pass.</summary>
    internal const int BatchSize = 256;

    public bool CanShuffle => false;

    public DataViewSchema Schema => binding.Output;

    /// <summary>The data the columns are added to.</summary>
    public IDataView Source => input;

    /// <summary>Writes the model as the graph that computes the added columns from the input column.</summary>
    internal void WriteOnnx(Onnx.OnnxGraph graph) => transformer.WriteOnnx(graph, binding);

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var active = binding.Outputs.Select((_, i) => needed.Any(c => binding.OutputIndexOf(c) == i)).ToArray();
        var rows = input.GetRowCursor(needed.Where(c => binding.OutputIndexOf(c) < 0).Select(c => input.Schema[c.Index]));
        // The model reads ahead of the row the caller sees, on a second cursor over the same input.
        var lookahead = active.Any(a => a) ? input.GetRowCursor([binding.InputColumn]) : null;
        return new RnnCursor(binding, rows, lookahead, active, encoder, scorer);
    }

    /// <summary>One cursor: scoring is batched inside it, and row order is kept.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];
}
