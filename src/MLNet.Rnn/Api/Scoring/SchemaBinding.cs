using Microsoft.ML;

namespace MLNet.Rnn;

/// <summary>
/// A transformer bound to one input schema: the input column it reads and the output schema, which is every input
/// column (by the same index) followed by the added columns.
/// </summary>
internal sealed class SchemaBinding
{
    public SchemaBinding(DataViewSchema input, DataViewSchema.Column inputColumn, IReadOnlyList<OutputColumn> outputs)
    {
        Input = input;
        InputColumn = inputColumn;
        Outputs = outputs;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var output in outputs)
            builder.AddColumn(output.Name, output.Type, output.Annotations());
        Output = builder.ToSchema();
    }

    public DataViewSchema Input { get; }

    public DataViewSchema.Column InputColumn { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public DataViewSchema Output { get; }

    /// <summary>The output index of an added column, or -1 for a column passed through from the input.</summary>
    public int OutputIndexOf(DataViewSchema.Column column) => column.Index >= Input.Count ? column.Index - Input.Count : -1;

    /// <summary>The input columns needed to give <paramref name="columns"/> of the output: those passed through, and the model's input if any added column is among them.</summary>
    public IEnumerable<DataViewSchema.Column> Dependencies(IEnumerable<DataViewSchema.Column> columns)
    {
        var list = columns.ToList();
        var passed = list.Where(c => OutputIndexOf(c) < 0).Select(c => Input[c.Index]);
        return list.Any(c => OutputIndexOf(c) >= 0) ? passed.Append(InputColumn).DistinctBy(c => c.Index) : passed;
    }

    /// <summary>
    /// Whether a row of the output schema has <paramref name="column"/> active: an added column when it has a getter
    /// in <paramref name="getters"/>, an input column when the <paramref name="input"/> row has.
    /// </summary>
    public bool IsActive(DataViewSchema.Column column, Delegate?[] getters, DataViewRow input)
    {
        int output = OutputIndexOf(column);
        return output >= 0 ? getters[output] is not null : input.IsColumnActive(Input[column.Index]);
    }

    /// <summary>The getter of <paramref name="column"/>, typed as the caller asks or failing as ML.NET's rows do.</summary>
    public ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, Delegate?[] getters, DataViewRow input)
    {
        int output = OutputIndexOf(column);
        if (output < 0)
            return input.GetGetter<TValue>(Input[column.Index]);
        var getter = getters[output] ?? throw new InvalidOperationException($"Column '{Outputs[output].Name}' is not active in this row.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Invalid TValue in GetGetter: column '{Outputs[output].Name}' is {Outputs[output].Type}, read as {typeof(TValue)}.");
    }
}
