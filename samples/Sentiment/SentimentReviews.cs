// What both sentiment apps show, so the ML.NET app and the ONNX Runtime app print the same lines for the same model.
namespace Sentiment;

public static class SentimentReviews
{
    /// <summary>The reviews given as arguments, or two of the apps' own.</summary>
    public static string[] From(string[] args) =>
        args.Length > 0 ? args : ["The food was wonderful and the staff so friendly.", "Cold fries, a rude waiter, never again."];

    /// <summary>One prediction: the sentiment of label "1" or "0", the probability of the predicted class, the review.</summary>
    public static string Line(string predictedLabel, float probability, string review) =>
        $"{(predictedLabel == "1" ? "positive" : "negative"),-8} {probability,4:P0}  {review}";
}
