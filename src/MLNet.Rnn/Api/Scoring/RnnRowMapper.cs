using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// The row-to-row mapper behind ML.NET's prediction engines: each row is scored on its own, once, when an added
/// column is first read for it. One mapper per prediction engine; engines on different threads score in parallel.
/// </summary>
internal sealed class RnnRowMapper(SchemaBinding binding, InputEncoder encoder, BatchScorer scorer) : IRowToRowMapper
{
    public DataViewSchema InputSchema => binding.Input;

    public DataViewSchema OutputSchema => binding.Output;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => binding.Dependencies(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) => new Row(binding, input, activeColumns, encoder, scorer);

    private sealed class Row : DataViewRow
    {
        private readonly SchemaBinding _binding;
        private readonly DataViewRow _input;
        private readonly Func<EncodedInput>? _read;
        private readonly BatchScorer _scorer;
        private readonly Delegate?[] _getters;
        private readonly EncodedInput[] _one = new EncodedInput[1];
        private long _scoredPosition = -1;
        private RowOutput _output;

        public Row(SchemaBinding binding, DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns, InputEncoder encoder, BatchScorer scorer)
        {
            _binding = binding;
            _input = input;
            _scorer = scorer;
            var active = activeColumns.Select(binding.OutputIndexOf).ToHashSet();
            _getters = binding.Outputs.Select((output, i) => active.Contains(i) ? output.Getter(Current) : null).ToArray();
            // The input column is read only when an added column is asked for (it may be inactive otherwise).
            _read = _getters.Any(g => g is not null) ? encoder.Reader(input, binding.InputColumn) : null;
        }

        public override DataViewSchema Schema => _binding.Output;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _binding.IsActive(column, _getters, _input);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _binding.Getter<TValue>(column, _getters, _input);

        private RowOutput Current()
        {
            if (_scoredPosition != _input.Position)
            {
                _one[0] = _read!();
                _output = _scorer.Score(_one)[0];
                _scoredPosition = _input.Position;
            }
            return _output;
        }
    }
}
