using System.Text.Json.Nodes;
using MLNet.Rnn.Parity;

// dotnet run -c Release --project test/MLNet.Rnn.Parity -- CASE.json ANSWER.json
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: MLNet.Rnn.Parity CASE.json ANSWER.json");
    return 2;
}
var caseNode = JsonNode.Parse(File.ReadAllText(args[0])) ?? throw new InvalidDataException($"{args[0]} is empty.");
var answer = ParityRunner.Answer(caseNode);
File.WriteAllText(args[1], answer.ToJsonString());
return 0;
