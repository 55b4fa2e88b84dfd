// Usage: MLNet.Rnn.ModelConsumer MODEL.zip INPUT.idv OUTPUT.idv
// Loads the model with ML.NET alone, scores the input (ML.NET's binary data format) and saves the scored data.
using Microsoft.ML;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: MLNet.Rnn.ModelConsumer MODEL.zip INPUT.idv OUTPUT.idv");
    return 2;
}
var mlContext = new MLContext();
var model = mlContext.Model.Load(args[0], out _);
var scored = model.Transform(mlContext.Data.LoadFromBinary(args[1]));
using (var output = File.Create(args[2]))
    mlContext.Data.SaveAsBinary(scored, output, keepHidden: false);
Console.WriteLine($"scored {args[1]} with {model.GetType().Name}");
return 0;
