// What both apps do around their options: `train MODEL.zip` fits a sentiment pipeline on a few reviews, saves it with
// mlContext.Model.Save and prints its predictions for three new reviews; `predict MODEL.zip`, in a fresh process, loads
// it with mlContext.Model.Load, naming none of MLNet.Rnn's types, and prints its predictions for the same reviews. The
// scores are printed in round-trip form, so the two runs compare exactly.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Rnn;

internal static class ReviewApp
{
    /// <summary>A bidirectional LSTM over the words of each review: small, and quick to learn, as the reviews are few.</summary>
    public static RnnOptions Options { get; } = new()
    {
        Task = RnnTask.Classification, InputColumnName = "Text", LabelColumnName = "Label",
        Cell = RecurrentCell.Lstm, HiddenSize = 16, EmbeddingSize = 16, Bidirectional = true,
        Epochs = 8, BatchSize = 10, LearningRate = 0.01f,
    };

    /// <summary>The reviews every run predicts.</summary>
    public static readonly string[] ToScore = ["the pasta was delicious", "our waiter was rude", "the staff was lovely"];

    /// <summary>Runs <c>train MODEL.zip</c> with the options <paramref name="options"/> makes, or <c>predict MODEL.zip</c>.</summary>
    public static int Run(string[] args, Func<RnnOptions> options)
    {
        if (args.Length != 2 || args[0] is not ("train" or "predict"))
        {
            Console.Error.WriteLine("usage: train|predict MODEL.zip");
            return 2;
        }
        var mlContext = new MLContext(seed: 1);
        ITransformer model;
        if (args[0] == "train")
        {
            mlContext.Log += (_, e) =>
            {
                if (e.Source.StartsWith("RnnEstimator") && e.Kind == ChannelMessageKind.Info)
                    Console.WriteLine(e.RawMessage);
            };
            var reviews = mlContext.Data.LoadFromEnumerable(Reviews());
            var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                .Append(mlContext.Transforms.Rnn(options()))
                .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
            model = pipeline.Fit(reviews);
            mlContext.Model.Save(model, reviews.Schema, args[1]);
        }
        else
        {
            model = mlContext.Model.Load(args[1], out _);
        }

        var engine = mlContext.Model.CreatePredictionEngine<Review, Prediction>(model);
        foreach (string text in ToScore)
        {
            var prediction = engine.Predict(new Review { Text = text });
            string scores = string.Join(' ', prediction.Score.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
            Console.WriteLine($"prediction: {prediction.PredictedLabel} {scores}");
        }
        return 0;
    }

    /// <summary>Each subject with each word of praise (label 1) and of complaint (label 0): 50 reviews.</summary>
    private static IEnumerable<Review> Reviews()
    {
        string[] subjects = ["the food", "our waiter", "the service", "the pasta", "the staff"];
        string[] good = ["wonderful", "friendly", "delicious", "great", "lovely"], bad = ["cold", "rude", "awful", "bland", "slow"];
        foreach (string subject in subjects)
        {
            foreach (string word in good)
                yield return new Review { Text = $"{subject} was {word}", Label = "1" };
            foreach (string word in bad)
                yield return new Review { Text = $"{subject} was {word}", Label = "0" };
        }
    }

    private sealed class Review
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }
}
