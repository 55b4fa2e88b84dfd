// Trains a part-of-speech tagger on the Universal Dependencies English Web Treebank, measures token accuracy on its
// dev set, and saves TaggingModel.zip in samples/Tagging for the consuming app. Arguments (both optional): the datasets
// folder (default: shared/datasets beside the repository) and the number of epochs (default: the tagger's, 10).
using Microsoft.ML;
using MLNet.Rnn;
using Samples;
using Tagging;

string train = SampleDatasets.PathOf(args, "ud-english-ewt-train", "en_ewt-ud-train.conllu");
string dev = SampleDatasets.PathOf(args, "ud-english-ewt", "en_ewt-ud-dev.conllu");
int? epochs = args.Length > 1 ? int.Parse(args[1]) : null;
if (Array.Find([train, dev], path => !File.Exists(path)) is { } missing)
{
    Console.Error.WriteLine(SampleDatasets.NotFound(missing));
    return 1;
}
Console.WriteLine($"Training on {train}, evaluating on {dev}");

var mlContext = new MLContext(seed: 1);
mlContext.Log += (_, e) =>
{
    if (e.Source.StartsWith("RnnEstimator") && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
        Console.WriteLine(e.RawMessage);
};
var trainData = mlContext.Data.LoadFromConllu(train);
var model = TaggingModel.BuildPipeline(mlContext, epochs).Fit(trainData);
var metrics = mlContext.MulticlassClassification.EvaluateTagging(model.Transform(mlContext.Data.LoadFromConllu(dev)), "Tags", "PredictedLabel");
Console.WriteLine($"Dev token accuracy {metrics.TokenAccuracy:P1} over {metrics.TokenCount} tokens");

mlContext.Model.Save(model, trainData.Schema, TaggingModel.ModelPath);
Console.WriteLine($"Saved {TaggingModel.ModelPath}");
return 0;
