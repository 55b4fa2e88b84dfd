// Train a sentiment classifier, evaluate it, save it to model.zip, load it back and serve predictions.
// Reads the Yelp reviews from ../shared/datasets when they are there (or from the folder given as the first
// argument); otherwise it trains on reviews it writes itself.
using MLNet.Rnn;
using MLNet.Rnn.Data;
using MLNet.Rnn.Training;

string datasets = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "datasets");
string yelp = Path.Combine(datasets, "sentiment-labelled-sentences", "yelp_labelled.txt");

var rnn = new RnnContext(seed: 1);
var data = File.Exists(yelp)
    ? rnn.Data.LoadFromTextFile<Review>(yelp, separatorChar: '\t', hasHeader: false)
    : rnn.Data.LoadFromEnumerable(Review.Examples(600));
Console.WriteLine($"{data.RowCount} reviews from {(File.Exists(yelp) ? yelp : "the built-in examples")}");
var split = rnn.Data.TrainTestSplit(data, testFraction: 0.2);

var estimator = rnn.Transforms.TextClassification(new RnnOptions
{
    InputColumnName = "Text", LabelColumnName = "Label", Cell = RecurrentCell.Lstm,
    HiddenSize = 64, EmbeddingSize = 64, Bidirectional = true, Epochs = 8,
});
var model = estimator.Fit(split.TrainSet, null, new InlineProgress<TrainingProgress>(p =>
{
    if (p.EndOfEpoch)
        Console.WriteLine($"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:F3}, {p.TokensPerSecond:F0} tokens/s");
}));

var metrics = rnn.Evaluate.Classification(model.Transform(split.TestSet));
Console.WriteLine($"test accuracy {metrics.Accuracy:P1}, macro-F1 {metrics.MacroF1:F3}, AUC {metrics.Auc:F3}");

rnn.Model.Save(model, "model.zip");
var engine = rnn.Model.CreatePredictionEngine<Review, ReviewPrediction>(rnn.Model.Load("model.zip"));
foreach (var text in new[] { "The food was wonderful and the staff so friendly.", "Cold fries, a rude waiter, never again." })
{
    var prediction = engine.Predict(new Review { Text = text });
    Console.WriteLine($"{(prediction.PredictedLabel ? "positive" : "negative"),-8} {prediction.Score[1],4:P0}  {text}");
}

/// <summary>One row of yelp_labelled.txt: the text, a tab, then 0 or 1.</summary>
public sealed class Review
{
    [TableColumn(Position = 0)]
    public string Text { get; set; } = "";

    [TableColumn(Position = 1)]
    public bool Label { get; set; }

    /// <summary>Short reviews made from a few words of praise or complaint, for when the real data is absent.</summary>
    public static IEnumerable<Review> Examples(int count)
    {
        string[] good = ["wonderful", "friendly", "delicious", "great", "lovely"], bad = ["cold", "rude", "awful", "bland", "slow"];
        string[] subjects = ["the food", "our waiter", "the service", "the pasta", "the staff"];
        var random = new Random(7);
        for (int i = 0; i < count; i++)
        {
            bool positive = i % 2 == 0;
            string word = (positive ? good : bad)[random.Next(5)];
            yield return new Review { Text = $"{subjects[random.Next(5)]} was {word}.", Label = positive };
        }
    }
}

/// <summary>What the prediction engine fills: the predicted label and the probability of each class (false, true).</summary>
public sealed class ReviewPrediction
{
    public bool PredictedLabel { get; set; }

    public float[] Score { get; set; } = [];
}
