// Loads SentimentModel.zip (saved in samples/Sentiment by the training program) with ML.NET and predicts the sentiment
// of each argument, or of two reviews of its own.
using Samples;
using Sentiment;

if (!SampleFolder.HasModel(SentimentModel.ModelPath))
    return 1;
Console.WriteLine($"Predicting with {SentimentModel.ModelPath}");
foreach (string review in SentimentReviews.From(args))
{
    var output = SentimentModel.Predict(new SentimentModel.ModelInput { Text = review });
    Console.WriteLine(SentimentReviews.Line(output.PredictedLabel, output.Score.Max(), review));
}
return 0;
