using Microsoft.ML;
using MLNet.Rnn.Tests.Pipelines;

namespace MLNet.Rnn.Tests.Onnx;

/// <summary>
/// Checks that a model converted with ConvertToOnnx gives, in ONNX Runtime, what the model gives in ML.NET: every added
/// column of every row, floats within 1e-5 relative (NaN where ours is NaN), keys, tags and labels exactly.
/// </summary>
/// <remarks>
/// Relative to the column's largest magnitude (at least 1): a forecast near 0 in units where the targets spread over
/// hundreds is the difference of two large numbers (a standardised value times the deviation, plus the mean), so its
/// error is the rounding of those, not of the small result.
/// </remarks>
internal static class OnnxAgreement
{
    public const double Tolerance = 1e-5;

    /// <summary>The model as ML.NET's converter writes it.</summary>
    public static byte[] Convert(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Scores <paramref name="rows"/> in ML.NET and in ONNX Runtime 1.31.1 (this process), and with
    /// <paramref name="bothRuntimes"/> also 1.32.0 (a child process), comparing <paramref name="columns"/>; returns the rows compared.
    /// </summary>
    public static int Check(MLContext ml, ITransformer model, IDataView rows, bool bothRuntimes, params string[] columns)
    {
        byte[] onnx = Convert(ml, model, rows);
        var scored = model.Transform(rows);
        var expected = columns.ToDictionary(c => c, c => ScoredValues.Of(scored, c));
        var floats = columns.Where(c => DataViewTypes.ItemOf(scored.Schema[c].Type).RawType == typeof(float)).ToHashSet();
        var inputs = OnnxInputRows.Of(rows);
        using (var session = new OnnxSession(onnx))
            Compare(expected, floats, inputs.Select(session.Run).ToList(), "ONNX Runtime 1.31.1");
        if (bothRuntimes)
            Compare(expected, floats, OtherRuntime(ml, onnx, rows), "ONNX Runtime 1.32.0");
        return inputs.Count;
    }

    /// <summary>Each row's outputs from test/MLNet.Rnn.OnnxRuntimeScorer, which runs ONNX Runtime 1.32.0.</summary>
    private static List<Dictionary<string, string>> OtherRuntime(MLContext ml, byte[] onnx, IDataView rows)
    {
        string folder = Directory.CreateTempSubdirectory("mlnet-rnn-onnx-").FullName;
        try
        {
            string model = Path.Combine(folder, "model.onnx"), input = Path.Combine(folder, "rows.idv"), output = Path.Combine(folder, "outputs.json");
            File.WriteAllBytes(model, onnx);
            using (var file = File.Create(input))
                ml.Data.SaveAsBinary(rows, file, keepHidden: false);
            ChildProcess.RunDotNetProgram(ChildProcess.BuiltProgram(Path.Combine("test", "MLNet.Rnn.OnnxRuntimeScorer"), "MLNet.Rnn.OnnxRuntimeScorer"), folder, model, input, output);
            return System.Text.Json.JsonSerializer.Deserialize<List<Dictionary<string, string>>>(File.ReadAllText(output))!;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Compare(Dictionary<string, List<string>> expected, HashSet<string> floats, List<Dictionary<string, string>> actual, string runtime)
    {
        foreach (var (column, values) in expected)
        {
            Assert.HasCount(values.Count, actual, runtime);
            double scale = floats.Contains(column) ? Scale(values) : 0;
            for (int r = 0; r < values.Count; r++)
            {
                string where = $"{runtime}, row {r}, column '{column}'";
                if (floats.Contains(column))
                    CompareFloats(values[r], actual[r][column], scale, where);
                else
                    Assert.AreEqual(values[r], actual[r][column], where);
            }
        }
    }

    /// <summary>Floats (ScoredValues' hexadecimal bits) within the tolerance, NaN only where ours is NaN.</summary>
    private static void CompareFloats(string expected, string actual, double scale, string where)
    {
        var values = expected.Length == 0 ? [] : ScoredValues.Floats(expected);
        var got = actual.Length == 0 ? [] : ScoredValues.Floats(actual);
        Assert.HasCount(values.Length, got, where);
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
                Assert.IsTrue(float.IsNaN(got[i]), $"{where}: NaN expected, ONNX Runtime gave {got[i]}");
            else
                Bound.Near(got[i], values[i], Tolerance * scale, $"{where}, value {i}");
        }
    }

    /// <summary>The largest finite magnitude in a float column, at least 1.</summary>
    private static double Scale(List<string> column) =>
        column.Where(v => v.Length > 0).SelectMany(ScoredValues.Floats).Where(float.IsFinite).Select(v => (double)Math.Abs(v)).Append(1).Max();
}
