using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;

namespace MLNet.Rnn.Benchmarks.Quality;

/// <summary>
/// The library's quality as an ML.NET user meets it, beside PyTorch's plain recipe (<c>eng/quality_twins.py</c>): each
/// task through the catalog method an ML.NET user would call, with its defaults, on the twins' split, one JSON line per
/// task and seed (<c>task, seed, impl, metric, value, train_seconds</c>; wnut17 adds precision, recall and entity counts).
/// </summary>
/// <remarks>
/// yelp, imdb: <c>BinaryClassification.Trainers.Rnn</c> (a BiLSTM of 64 over words, 10 epochs), every fifth review
/// held out (yelp_plain, imdb_plain: without word dropout); yelp_sdca, imdb_sdca: ML.NET's <c>FeaturizeText</c> + <c>SdcaMaximumEntropy</c> on the same split; ewt:
/// <c>MulticlassClassification.Trainers.RnnTagger</c> with its defaults on the first 3000 training sentences, scored on
/// the whole dev set; ewt_full: the same on every training sentence; wnut17: the same tagger on WNUT 2017's training
/// set, scored by exact entity spans and types on its dev set; the _words variants without character features, the
/// _plain ones without word dropout, CRF and character features; sunspots, elec_equip, nile: <c>Forecasting.ForecastByRnn</c> (a GRU
/// of 32, 10 epochs) on windows of 20 steps, the last fifth of the series held out in time order, beside the last-value
/// forecast (<c>naive_rmse</c>). The seed is the <c>MLContext</c>'s.
/// </remarks>
internal static class QualitySuite
{
    public static readonly string[] All =
        ["yelp", "imdb", "yelp_plain", "imdb_plain", "yelp_sdca", "imdb_sdca", "ewt", "ewt_full", "ewt_full_words", "ewt_full_plain", "wnut17", "wnut17_words", "wnut17_plain", "sunspots", "elec_equip", "nile"];

    /// <summary>The tagger without the parts issue 18 added: no word dropout, no CRF, no character features.</summary>
    private static readonly RnnOptions Plain = new() { WordDropout = 0, Crf = false, CharacterFeatures = 0 };

    /// <summary>One JSON line per task and seed; <paramref name="epochs"/> replaces the taggers' default number of epochs.</summary>
    public static IEnumerable<string> Run(string datasets, IEnumerable<string> tasks, IEnumerable<int> seeds, int? epochs = null)
    {
        RnnOptions Tagger(RnnOptions options) => options with { InputColumnName = "Tokens", LabelColumnName = "Tags", Epochs = epochs ?? options.Epochs };
        var plain = Tagger(Plain);
        var words = Tagger(new RnnOptions { CharacterFeatures = 0 });
        foreach (var task in tasks)
        {
            foreach (int seed in seeds)
            {
                var result = task switch
                {
                    "yelp" => Sentiment(datasets, "yelp_labelled.txt", seed, new RnnOptions()),
                    "imdb" => Sentiment(datasets, "imdb_labelled.txt", seed, new RnnOptions()),
                    "yelp_plain" => Sentiment(datasets, "yelp_labelled.txt", seed, new RnnOptions { WordDropout = 0 }),
                    "imdb_plain" => Sentiment(datasets, "imdb_labelled.txt", seed, new RnnOptions { WordDropout = 0 }),
                    "yelp_sdca" => Sentiment(datasets, "yelp_labelled.txt", seed, null),
                    "imdb_sdca" => Sentiment(datasets, "imdb_labelled.txt", seed, null),
                    "ewt" => Tagging(datasets, seed, 3000, Tagger(new RnnOptions())),
                    "ewt_full" => Tagging(datasets, seed, null, Tagger(new RnnOptions())),
                    "ewt_full_words" => Tagging(datasets, seed, null, words),
                    "ewt_full_plain" => Tagging(datasets, seed, null, plain),
                    "wnut17" => Entities(datasets, seed, Tagger(new RnnOptions())),
                    "wnut17_words" => Entities(datasets, seed, words),
                    "wnut17_plain" => Entities(datasets, seed, plain),
                    "sunspots" => Forecast(datasets, "sunspots.csv", "SUNACTIVITY", seed),
                    "elec_equip" => Forecast(datasets, "elec_equip.csv", "STS.M.I7.W.TOVT.NS0016.4.000", seed),
                    "nile" => Forecast(datasets, "nile.csv", "volume", seed),
                    _ => throw new ArgumentException($"Unknown task '{task}'; expected one of {string.Join(", ", All)}."),
                };
                var line = new Dictionary<string, object>
                {
                    ["task"] = task, ["seed"] = seed, ["impl"] = task.EndsWith("_sdca", StringComparison.Ordinal) ? "mlnet-featurizetext-sdca" : "mlnet-rnn", ["metric"] = result.Metric,
                    ["value"] = Math.Round(result.Value, 6), ["train_seconds"] = Math.Round(result.Seconds, 3),
                };
                if (epochs is not null && (task.StartsWith("ewt", StringComparison.Ordinal) || task.StartsWith("wnut", StringComparison.Ordinal)))
                    line["epochs"] = epochs;
                if (result.NaiveRmse is { } naive)
                    line["naive_rmse"] = Math.Round(naive, 6);
                foreach (var (name, value) in result.Details ?? [])
                    line[name] = value;
                yield return JsonSerializer.Serialize(line);
            }
        }
    }

    private sealed record Result(string Metric, double Value, double Seconds, double? NaiveRmse = null, Dictionary<string, object>? Details = null);

    /// <summary>A review set through the library's classifier with <paramref name="options"/>, or without them through ML.NET's FeaturizeText + SdcaMaximumEntropy, the linear model a user tries first.</summary>
    private static Result Sentiment(string datasets, string file, int seed, RnnOptions? options)
    {
        var rows = File.ReadLines(DatasetPath(datasets, "sentiment-labelled-sentences", file))
            .Where(line => line.Contains('\t'))
            .Select(line => new Review { Text = line[..line.LastIndexOf('\t')], Label = line[(line.LastIndexOf('\t') + 1)..].Trim() == "1" })
            .ToList();
        var ml = new MLContext(seed);
        var train = ml.Data.LoadFromEnumerable(rows.Where((_, i) => i % 5 != 4).ToList());
        var test = ml.Data.LoadFromEnumerable(rows.Where((_, i) => i % 5 == 4).ToList());
        var clock = Stopwatch.StartNew();
        if (options is null)
        {
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", "Label")
                .Append(ml.Transforms.Text.FeaturizeText("Features", "Text"))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Key"));
            var linearModel = pipeline.Fit(train);
            double linearSeconds = clock.Elapsed.TotalSeconds;
            return new("test_accuracy", ml.MulticlassClassification.Evaluate(linearModel.Transform(test), "Key").MicroAccuracy, linearSeconds);
        }
        var model = ml.BinaryClassification.Trainers.Rnn(options).Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        return new("test_accuracy", ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy, seconds);
    }

    private static Result Tagging(string datasets, int seed, int? maxSentences, RnnOptions options)
    {
        var ml = new MLContext(seed);
        var train = ml.Data.LoadFromConllu(DatasetPath(datasets, "ud-english-ewt-train", "en_ewt-ud-train.conllu"), maxSentences);
        var dev = ml.Data.LoadFromConllu(DatasetPath(datasets, "ud-english-ewt", "en_ewt-ud-dev.conllu"));
        var clock = Stopwatch.StartNew();
        var model = ml.Transforms.Conversion.MapValueToKey("Tags").Append(ml.MulticlassClassification.Trainers.RnnTagger(options)).Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        return new("dev_token_accuracy", ml.MulticlassClassification.EvaluateTagging(model.Transform(dev), "Tags", "PredictedLabel").TokenAccuracy, seconds);
    }

    private static Result Entities(string datasets, int seed, RnnOptions options)
    {
        var ml = new MLContext(seed);
        var train = ml.Data.LoadFromConll(DatasetPath(datasets, "wnut17", "wnut17train.conll"), tagField: 1);
        var dev = ml.Data.LoadFromConll(DatasetPath(datasets, "wnut17", "emerging.dev.conll"), tagField: 1);
        var clock = Stopwatch.StartNew();
        var model = ml.Transforms.Conversion.MapValueToKey("Tags").Append(ml.MulticlassClassification.Trainers.RnnTagger(options)).Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        var metrics = ml.MulticlassClassification.EvaluateTagging(model.Transform(dev), "Tags", "PredictedLabel");
        // What an F1 hides: whether the model finds too few entities or the wrong ones.
        return new("dev_entity_f1", metrics.F1, seconds, Details: new()
        {
            ["precision"] = Math.Round(metrics.Precision, 6), ["recall"] = Math.Round(metrics.Recall, 6),
            ["predicted_entities"] = metrics.PredictedEntities, ["true_entities"] = metrics.TrueEntities,
        });
    }

    private static Result Forecast(string datasets, string file, string column, int seed)
    {
        var ml = new MLContext(seed);
        var split = ml.Data.LoadTimeSeriesWindows(DatasetPath(datasets, "timeseries-statsmodels", file), [column], column, history: 20, testFraction: 0.2);
        var clock = Stopwatch.StartNew();
        var model = ml.Forecasting.ForecastByRnn().Fit(split.TrainSet);
        double seconds = clock.Elapsed.TotalSeconds;
        var metrics = ml.Forecasting.EvaluateForecast(model.Transform(split.TestSet));
        return new("test_rmse", metrics.Regression.RootMeanSquaredError, seconds, metrics.NaiveRootMeanSquaredError);
    }

    private static string DatasetPath(string datasets, params string[] parts)
    {
        string path = Path.Combine([datasets, .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Dataset file not found: {path}. Pass the shared datasets folder (../shared/datasets).");
    }

    private sealed class Review
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
