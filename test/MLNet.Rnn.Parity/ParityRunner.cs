using System.Text.Json.Nodes;

namespace MLNet.Rnn.Parity;

/// <summary>Answers one case of the parity contract in <c>shared/parity/SCHEMA.md</c>.</summary>
internal static class ParityRunner
{
    public static JsonObject Answer(JsonNode caseNode)
    {
        string kind = caseNode["kind"]?.GetValue<string>() ?? throw new InvalidDataException("The case has no 'kind'.");
        return kind switch
        {
            "recurrent" => RecurrentCase.Answer(caseNode),
            "train" => TrainCase.Answer(caseNode),
            _ => throw new NotSupportedException($"Case kind '{kind}' is not supported by this runner."),
        };
    }
}
