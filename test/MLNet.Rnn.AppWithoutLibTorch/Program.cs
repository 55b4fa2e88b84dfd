// Usage: MLNet.Rnn.AppWithoutLibTorch fallback|no-fallback|torchsharp-cpu
// Trains a small sentiment classifier the way an app asks for a GPU (MLContext.GpuDeviceId = 0 with FallbackToCpu on
// or off) or for libtorch on the CPU (TorchSharpEngine.Cpu()), in an app without libtorch. It prints the estimator's
// log and what it trained, or the type and message of the exception that stopped it (exit code 1).
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Rnn;
using MLNet.Rnn.TorchSharp;

var mlContext = new MLContext(seed: 1);
mlContext.Log += (_, e) =>
{
    if (e.Source.StartsWith("RnnEstimator") && e.Kind is ChannelMessageKind.Info or ChannelMessageKind.Warning)
        Console.WriteLine($"{e.Kind}: {e.RawMessage}");
};
try
{
    var options = new RnnOptions { HiddenSize = 8, EmbeddingSize = 4, Epochs = 1 };
    switch (args.Length == 1 ? args[0] : "")
    {
        case "fallback":
            mlContext.GpuDeviceId = 0;
            mlContext.FallbackToCpu = true;
            break;
        case "no-fallback":
            mlContext.GpuDeviceId = 0;
            mlContext.FallbackToCpu = false;
            break;
        case "torchsharp-cpu":
            options = options with { Engine = TorchSharpEngine.Cpu() };
            break;
        default:
            Console.Error.WriteLine("usage: MLNet.Rnn.AppWithoutLibTorch fallback|no-fallback|torchsharp-cpu");
            return 2;
    }
    var reviews = Enumerable.Range(0, 40).Select(i => new Review { Text = i % 2 == 0 ? "the food was great" : "the waiter was rude", Label = i % 2 == 0 });
    var model = mlContext.Transforms.Rnn(options).Fit(mlContext.Data.LoadFromEnumerable(reviews));
    Console.WriteLine($"Trained for {model.TrainingResult!.Epochs.Count} epoch(s).");
    return 0;
}
catch (Exception e)
{
    Console.WriteLine($"{e.GetType().FullName}: {e.Message}");
    return 1;
}

internal sealed class Review
{
    public string Text { get; set; } = "";
    public bool Label { get; set; }
}
