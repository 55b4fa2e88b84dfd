// Loads SentimentModel.zip (saved in samples/Sentiment by the training program) with ML.NET and predicts the sentiment
// of each argument, or of two reviews of its own.
using Samples;
using Sentiment;

if (!SampleFolder.HasModel(SentimentModel.ModelPath))
    return 1;
Console.WriteLine($"Predicting with {SentimentModel.ModelPath}");
string[] reviews = args.Length > 0 ? args : ["The food was wonderful and the staff so friendly.", "Cold fries, a rude waiter, never again."];
foreach (string review in reviews)
{
    var output = SentimentModel.Predict(new SentimentModel.ModelInput { Text = review });
    string sentiment = output.PredictedLabel == "1" ? "positive" : "negative";
    Console.WriteLine($"{sentiment,-8} {output.Score.Max(),4:P0}  {review}");
}
return 0;
