using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLNet.Rnn.Serialization;

/// <summary>Where two JSON trees first differ, as a path such as <c>input.vocabulary.tokens[9]</c>.</summary>
internal static class JsonDifference
{
    /// <summary>The path of the first member or item that differs, with what differs; null when the trees are equal.</summary>
    /// <remarks>Strings are compared ordinally, other values by their JSON text, which is how they are written.</remarks>
    public static string? Find(JsonNode? expected, JsonNode? actual, string path = "")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    string member = path.Length == 0 ? key : $"{path}.{key}";
                    if (!a.ContainsKey(key))
                        return $"'{member}' is missing";
                    if (Find(value, a[key], member) is { } difference)
                        return difference;
                }
                return a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k)) is { } extra ? $"'{(path.Length == 0 ? extra : $"{path}.{extra}")}' was not written" : null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                    return $"'{path}' has {a.Count} items instead of {e.Count}";
                for (int i = 0; i < e.Count; i++)
                {
                    if (Find(e[i], a[i], $"{path}[{i}]") is { } difference)
                        return difference;
                }
                return null;
            case (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.String && a.GetValueKind() == JsonValueKind.String:
                return string.Equals(e.GetValue<string>(), a.GetValue<string>(), StringComparison.Ordinal) ? null : $"'{path}' reads back as other text";
            case (JsonValue e, JsonValue a):
                return e.ToJsonString() == a.ToJsonString() ? null : $"'{path}' reads back as {a.ToJsonString()} instead of {e.ToJsonString()}";
            default:
                return $"'{path}' reads back as another kind of value";
        }
    }
}
