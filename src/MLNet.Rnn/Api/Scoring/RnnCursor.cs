using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// A cursor over <see cref="RnnDataView"/>: input columns come from a cursor in step with the caller; the added
/// columns from batches of <see cref="RnnDataView.BatchSize"/> rows, read ahead on a second cursor and scored together.
/// </summary>
internal sealed class RnnCursor : DataViewRowCursor
{
    private readonly SchemaBinding _binding;
    private readonly DataViewRowCursor _rows;
    private readonly DataViewRowCursor? _lookahead;
    private readonly Func<EncodedInput>? _read;
    private readonly BatchScorer _scorer;
    private readonly Delegate?[] _getters;
    private readonly List<EncodedInput> _pending = new(RnnDataView.BatchSize);
    private RowOutput[] _batch = [];
    private int _index = -1;

    public RnnCursor(SchemaBinding binding, DataViewRowCursor rows, DataViewRowCursor? lookahead, bool[] activeOutputs, InputEncoder encoder, BatchScorer scorer)
    {
        _binding = binding;
        _rows = rows;
        _lookahead = lookahead;
        _read = lookahead is null ? null : encoder.Reader(lookahead, binding.InputColumn);
        _scorer = scorer;
        _getters = binding.Outputs.Select((output, i) => activeOutputs[i] ? output.Getter(Current) : null).ToArray();
    }

    public override DataViewSchema Schema => _binding.Output;

    public override long Position => _rows.Position;

    public override long Batch => _rows.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _rows.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _binding.IsActive(column, _getters, _rows);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _binding.Getter<TValue>(column, _getters, _rows);

    public override bool MoveNext()
    {
        if (!_rows.MoveNext())
            return false;
        if (_lookahead is not null && ++_index >= _batch.Length)
            ScoreNextBatch();
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rows.Dispose();
            _lookahead?.Dispose();
        }
        base.Dispose(disposing);
    }

    private RowOutput Current()
    {
        if (_index < 0)
            throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
        return _batch[_index];
    }

    private void ScoreNextBatch()
    {
        _pending.Clear();
        while (_pending.Count < RnnDataView.BatchSize && _lookahead!.MoveNext())
            _pending.Add(_read!());
        if (_pending.Count == 0)
            throw new InvalidOperationException("The input data gave two cursors different rows; RnnTransformer reads its input twice and needs the same rows in the same order each time.");
        _batch = _scorer.Score(_pending);
        _index = 0;
    }
}
