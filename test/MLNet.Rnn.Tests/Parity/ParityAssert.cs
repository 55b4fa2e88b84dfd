using System.Text.Json.Nodes;

namespace MLNet.Rnn.Tests.Parity;

/// <summary>
/// The check of <c>shared/parity/compare.py</c>, in C#: every tensor of the reference, relative error
/// ||answer - reference|| / max(||reference||, 1e-12) at most the tolerance; nulls must match.
/// </summary>
internal static class ParityAssert
{
    public static void Matches(JsonNode? reference, JsonNode? answer, double tolerance, string caseName)
    {
        var failures = new List<string>();
        Walk(reference, answer, "", tolerance, failures);
        if (failures.Count > 0)
            Assert.Fail($"{caseName}: {string.Join("; ", failures)}");
    }

    private static void Walk(JsonNode? reference, JsonNode? answer, string path, double tolerance, List<string> failures)
    {
        switch (reference)
        {
            case null:
                if (answer is not null)
                    failures.Add($"{path}: expected null");
                return;
            case JsonObject tensor when tensor.ContainsKey("shape"):
                if (answer is not JsonObject got || !got.ContainsKey("shape"))
                {
                    failures.Add($"{path}: missing");
                    return;
                }
                Compare(Shape(tensor), Values(tensor), Shape(got), Values(got), path, tolerance, failures);
                return;
            case JsonObject members:
                foreach (var (key, value) in members)
                    Walk(value, (answer as JsonObject)?[key], path.Length == 0 ? key : $"{path}.{key}", tolerance, failures);
                return;
            case JsonArray scalars:
                var expected = scalars.Select(v => v!.GetValue<double>()).ToArray();
                if (answer is not JsonArray actual || actual.Count != expected.Length)
                {
                    failures.Add($"{path}: expected {expected.Length} values");
                    return;
                }
                Compare([expected.Length], expected, [expected.Length], actual.Select(v => v!.GetValue<double>()).ToArray(), path, tolerance, failures);
                return;
        }
    }

    private static void Compare(int[] refShape, double[] reference, int[] gotShape, double[] got, string path, double tolerance, List<string> failures)
    {
        if (!refShape.SequenceEqual(gotShape))
        {
            failures.Add($"{path}: shape ({string.Join(", ", gotShape)}) != ({string.Join(", ", refShape)})");
            return;
        }
        double num = 0, den = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            num += (got[i] - reference[i]) * (got[i] - reference[i]);
            den += reference[i] * reference[i];
        }
        double error = Math.Sqrt(num) / Math.Max(Math.Sqrt(den), 1e-12);
        if (!(error <= tolerance))
            failures.Add($"{path}: relative error {error:E2} > {tolerance:E0}");
    }

    private static int[] Shape(JsonObject tensor) => tensor["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();

    private static double[] Values(JsonObject tensor) => tensor["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
}
