using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>
/// The row-to-row mapper behind ML.NET's prediction engines: each row is scored on its own, once, when an added
/// column is first read for it, by a <see cref="SingleRowScorer"/> of the row's own when the managed engine serves
/// (nothing allocated per row), else through the batch scorer. One mapper per prediction engine; engines on different
/// threads score in parallel.
/// </summary>
internal sealed class RnnRowMapper(SchemaBinding binding, InputEncoder encoder, BatchScorer scorer, Func<SingleRowScorer>? singleRowScorer) : IRowToRowMapper
{
    public DataViewSchema InputSchema => binding.Input;

    public DataViewSchema OutputSchema => binding.Output;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => binding.Dependencies(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new Row(binding, input, activeColumns, encoder, scorer, singleRowScorer?.Invoke());

    private sealed class Row : DataViewRow
    {
        private readonly SchemaBinding _binding;
        private readonly DataViewRow _input;
        private readonly Action? _read;
        private readonly EncodedRow _encoded = new();
        private readonly BatchScorer _scorer;
        private readonly SingleRowScorer? _single;
        private readonly bool _tokens;
        private readonly Delegate?[] _getters;
        private readonly EncodedInput[] _one = new EncodedInput[1];
        private long _scoredPosition = -1;
        private RowOutput _output;

        public Row(SchemaBinding binding, DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns, InputEncoder encoder, BatchScorer scorer, SingleRowScorer? single)
        {
            _binding = binding;
            _input = input;
            _scorer = scorer;
            _single = single;
            _tokens = encoder.UsesTokens;
            var active = activeColumns.Select(binding.OutputIndexOf).ToHashSet();
            _getters = binding.Outputs.Select((output, i) => active.Contains(i) ? output.Getter(Current) : null).ToArray();
            // The input column is read only when an added column is asked for (it may be inactive otherwise).
            _read = _getters.Any(g => g is not null) ? encoder.ReaderInto(input, binding.InputColumn, _encoded) : null;
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
                _read!();
                if (_single is not null)
                {
                    _output = _single.Score(_encoded);
                }
                else
                {
                    _one[0] = _encoded.Copy(_tokens);
                    _output = _scorer.Score(_one)[0];
                }
                _scoredPosition = _input.Position;
            }
            return _output;
        }
    }
}
