// Usage: MLNet.Rnn.Consumer train|predict MODEL.zip
// An app that uses the MLNet.Rnn package as its users do: the sentiment pipeline of ReviewApp on the managed engine.
return ReviewApp.Run(args, () => ReviewApp.Options);
