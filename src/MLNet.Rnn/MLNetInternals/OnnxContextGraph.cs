using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using MLNet.Rnn.Onnx;

namespace MLNet.Rnn;

/// <summary>An <see cref="OnnxGraph"/> written through ML.NET's converter context (internal to ML.NET).</summary>
internal sealed class OnnxContextGraph : OnnxGraph
{
    // A prefix for the variables only this graph names, so none can be taken for a column of the same name.
    private const string Prefix = "MLNetRnn.";

    private readonly OnnxContext _context;

    /// <exception cref="NotSupportedException">The conversion was asked for an opset below <see cref="OnnxGraph.MinimumOpset"/>.</exception>
    public OnnxContextGraph(OnnxContext context)
    {
        _context = context;
        try
        {
            context.CheckOpSetVersion(MinimumOpset, "MLNet.Rnn");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new NotSupportedException($"An MLNet.Rnn model cannot be written for the ONNX opset this conversion asked for: it needs opset {MinimumOpset} or 12 (Range, CumSum, ScatterElements; ML.NET's converter writes 12 unless told otherwise). {e.Message}", e);
        }
    }

    public override string Input(string column) => _context.GetVariableName(column);

    public override string[] Node(string op, IReadOnlyList<string> inputs, int outputs, string domain, IReadOnlyList<OnnxAttribute> attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(_ => _context.AddIntermediateVariable(null, Prefix + op, skip: true)).ToArray();
        var node = _context.CreateNode(op, inputs, names, _context.GetNodeName(Prefix + op), domain);
        foreach (var (name, value) in attributes)
        {
            switch (value)
            {
                case long number: node.AddAttribute(name, number); break;
                case float number: node.AddAttribute(name, (double)number); break;
                case string text: node.AddAttribute(name, text); break;
                case long[] numbers: node.AddAttribute(name, numbers); break;
                case string[] texts: node.AddAttribute(name, texts); break;
                default: throw new ArgumentException($"An ONNX attribute of type {value.GetType().Name} is not supported.", nameof(attributes));
            }
        }
        return names;
    }

    public override string Constant(Array values, long[] dims) => values switch
    {
        float[] floats => _context.AddInitializer(floats, dims, Prefix + "Constant"),
        long[] longs => _context.AddInitializer(longs, dims, Prefix + "Constant"),
        string[] texts => _context.AddInitializer(texts, dims, Prefix + "Constant"),
        _ => throw new ArgumentException($"ONNX constants of {values.GetType().Name} are not supported.", nameof(values)),
    };

    public override void Output(string column, DataViewType type, string variable) =>
        _context.CreateNode("Identity", variable, _context.AddIntermediateVariable(type, column), _context.GetNodeName(Prefix + "Identity"), "");
}
