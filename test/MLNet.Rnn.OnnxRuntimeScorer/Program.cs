// Scores every row of an ML.NET binary data file with an ONNX model and writes each row's outputs as JSON.
//   MLNet.Rnn.OnnxRuntimeScorer model.onnx rows.idv outputs.json
using System.Text.Json;
using Microsoft.ML;
using MLNet.Rnn.Tests.Onnx;

var rows = OnnxInputRows.Of(new MLContext().Data.LoadFromBinary(args[1]));
using var session = new OnnxSession(File.ReadAllBytes(args[0]));
File.WriteAllText(args[2], JsonSerializer.Serialize(rows.Select(session.Run).ToList()));
