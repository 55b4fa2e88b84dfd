using Microsoft.ML.Data;
using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Onnx;

/// <summary>One attribute of an ONNX node: a long, float or string, or an array of one of them.</summary>
internal readonly record struct OnnxAttribute(string Name, object Value);

/// <summary>
/// The ONNX graph a model is written into, as a few primitives (the one implementation writes through ML.NET's
/// converter, in <c>MLNetInternals</c>) and the operators the export uses, named as ONNX names them. Variables are
/// names; each operator returns its output's.
/// </summary>
/// <remarks>
/// The operators are those of opset 11 and 12 (ML.NET's converter writes 12 by default), whose semantics the export
/// relies on: reductions and Squeeze take their axes as attributes, and Softmax normalises over the last axis it is given.
/// </remarks>
internal abstract class OnnxGraph
{
    /// <summary>The opset every operator here needs at least (Range, CumSum, ScatterElements, GatherElements).</summary>
    public const int MinimumOpset = 11;

    /// <summary>ONNX's element type codes, as Cast's <c>to</c> takes them.</summary>
    public const long Float = 1, Int32 = 6, Int64 = 7, Bool = 9, UInt32 = 12;

    /// <summary>The variable that holds input column <paramref name="column"/>.</summary>
    public abstract string Input(string column);

    /// <summary>Adds a node and returns its <paramref name="outputs"/> output variables.</summary>
    public abstract string[] Node(string op, IReadOnlyList<string> inputs, int outputs, string domain, IReadOnlyList<OnnxAttribute> attributes);

    /// <summary>A constant tensor (an initializer) of <paramref name="values"/>: float[], long[] or string[].</summary>
    public abstract string Constant(Array values, long[] dims);

    /// <summary>A parameter's values as a constant of its shape.</summary>
    public string Constant(Parameter parameter) => Constant(parameter.Value.ToArray(), parameter.Shape.Select(d => (long)d).ToArray());

    /// <summary>Makes <paramref name="variable"/> the value of output column <paramref name="column"/>.</summary>
    public abstract void Output(string column, DataViewType type, string variable);

    /// <summary>One node with one output in the default domain.</summary>
    public string Op(string op, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) => Node(op, inputs, 1, "", attributes)[0];

    public static OnnxAttribute Attribute(string name, object value) => new(name, value);

    // ML.NET's converter writes no 0-D initializer: a scalar is a one-element constant, squeezed.
    public string Scalar(long value) => Squeeze(Constant(new[] { value }, [1]), 0);

    public string Scalar(float value) => Squeeze(Constant(new[] { value }, [1]), 0);

    public string Longs(params long[] values) => Constant(values, [values.Length]);

    public string Add(string a, string b) => Op("Add", [a, b]);

    public string Sub(string a, string b) => Op("Sub", [a, b]);

    public string Mul(string a, string b) => Op("Mul", [a, b]);

    public string Div(string a, string b) => Op("Div", [a, b]);

    public string Cast(string x, long to) => Op("Cast", [x], Attribute("to", to));

    public string Transpose(string x, params long[] perm) => Op("Transpose", [x], Attribute("perm", perm));

    public string Reshape(string x, params long[] shape) => Op("Reshape", [x, Longs(shape)]);

    public string Concat(long axis, params string[] inputs) => Op("Concat", inputs, Attribute("axis", axis));

    public string Unsqueeze(string x, params long[] axes) => Op("Unsqueeze", [x], Attribute("axes", axes));

    public string Squeeze(string x, params long[] axes) => Op("Squeeze", [x], Attribute("axes", axes));

    public string Gather(string data, string indices, long axis = 0) => Op("Gather", [data, indices], Attribute("axis", axis));

    public string Slice(string x, string starts, string ends, string axes) => Op("Slice", [x, starts, ends, axes]);

    public string ReduceSum(string x, long axis, bool keepDims) => Op("ReduceSum", [x], Attribute("axes", new[] { axis }), Attribute("keepdims", keepDims ? 1L : 0L));

    public string ReduceMax(string x, long axis, bool keepDims) => Op("ReduceMax", [x], Attribute("axes", new[] { axis }), Attribute("keepdims", keepDims ? 1L : 0L));

    public string ArgMax(string x, long axis, bool keepDims) => Op("ArgMax", [x], Attribute("axis", axis), Attribute("keepdims", keepDims ? 1L : 0L));

    public string Where(string condition, string whenTrue, string whenFalse) => Op("Where", [condition, whenTrue, whenFalse]);

    public string Less(string a, string b) => Op("Less", [a, b]);

    public string Equal(string a, string b) => Op("Equal", [a, b]);

    public string Max(string a, string b) => Op("Max", [a, b]);

    /// <summary>The size of dimension <paramref name="axis"/> of <paramref name="x"/>, as a 1-element int64 tensor.</summary>
    public string Dimension(string x, long axis) => Gather(Op("Shape", [x]), Longs(axis));

    /// <summary>ai.onnx.ml's LabelEncoder: each string or int64 of <paramref name="x"/> to the int64 its key maps to, or <paramref name="otherwise"/>.</summary>
    public string Lookup<TKey>(string x, IReadOnlyList<TKey> keys, IReadOnlyList<long> values, long otherwise) =>
        Node("LabelEncoder", [x], 1, "ai.onnx.ml",
        [
            Attribute(typeof(TKey) == typeof(string) ? "keys_strings" : "keys_int64s", keys.ToArray()),
            Attribute("values_int64s", values.ToArray()),
            Attribute("default_int64", otherwise),
        ])[0];
}
