// Usage: MLNet.Rnn.TorchSharp.Consumer train|predict MODEL.zip
// An app that uses the MLNet.Rnn.TorchSharp package with libtorch's CPU build, as its users do: the sentiment pipeline
// of ReviewApp, trained for one epoch on libtorch. Predictions, before and after loading, are the managed engine's.
using MLNet.Rnn.TorchSharp;

return ReviewApp.Run(args, () => ReviewApp.Options with { Engine = TorchSharpEngine.Cpu(), Epochs = 1 });
