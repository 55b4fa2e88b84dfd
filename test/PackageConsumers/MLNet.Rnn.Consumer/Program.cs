// Usage: MLNet.Rnn.Consumer train|predict MODEL.zip, or onnx MODEL.zip MODEL.onnx
// An app that uses the MLNet.Rnn package as its users do: the sentiment pipeline of ReviewApp on the managed engine,
// and the saved model converted to ONNX and served by ONNX Runtime.
return args is ["onnx", string model, string onnx] ? OnnxServing.Run(model, onnx) : ReviewApp.Run(args, () => ReviewApp.Options);
