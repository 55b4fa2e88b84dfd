// Trains a sentiment classifier on Yelp reviews, evaluates it on held-out reviews with ML.NET's evaluator, and saves
// SentimentModel.zip in samples/Sentiment for the consuming app, and SentimentModel.onnx for the ONNX Runtime app.
// Arguments (both optional): the datasets folder (default: shared/datasets beside the repository; without the reviews
// it trains on reviews it writes itself) and the number of epochs (8).
using Microsoft.ML;
using Samples;
using Sentiment;

string yelp = SampleDatasets.PathOf(args, "sentiment-labelled-sentences", "yelp_labelled.txt");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 8;

var mlContext = new MLContext(seed: 1);
mlContext.Log += (_, e) =>
{
    if (e.Source.StartsWith("RnnEstimator") && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
        Console.WriteLine(e.RawMessage);
};
bool real = File.Exists(yelp);
Console.WriteLine(real ? $"Training on {yelp}" : $"Training on the built-in examples. {SampleDatasets.NotFound(yelp)}");
var data = real
    ? mlContext.Data.LoadFromTextFile<SentimentModel.ModelInput>(yelp, separatorChar: '\t', hasHeader: false)
    : mlContext.Data.LoadFromEnumerable(Examples(600));
var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

var model = SentimentModel.BuildPipeline(mlContext, epochs).Fit(split.TrainSet);
var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"Test accuracy {metrics.MicroAccuracy:P1}, log-loss {metrics.LogLoss:F3}");

mlContext.Model.Save(model, data.Schema, SentimentModel.ModelPath);
Console.WriteLine($"Saved {SentimentModel.ModelPath}");
using (var onnx = File.Create(SentimentModel.OnnxModelPath))
    mlContext.Model.ConvertToOnnx(model, data, onnx);
Console.WriteLine($"Saved {SentimentModel.OnnxModelPath}");

// Short reviews made from a few words of praise or complaint, for when the real data is absent.
static IEnumerable<SentimentModel.ModelInput> Examples(int count)
{
    string[] good = ["wonderful", "friendly", "delicious", "great", "lovely"], bad = ["cold", "rude", "awful", "bland", "slow"];
    string[] subjects = ["the food", "our waiter", "the service", "the pasta", "the staff"];
    var random = new Random(7);
    for (int i = 0; i < count; i++)
    {
        bool positive = i % 2 == 0;
        string word = (positive ? good : bad)[random.Next(5)];
        yield return new SentimentModel.ModelInput { Text = $"{subjects[random.Next(5)]} was {word}.", Label = positive ? "1" : "0" };
    }
}
