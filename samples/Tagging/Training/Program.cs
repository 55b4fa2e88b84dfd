// Trains a part-of-speech tagger on the Universal Dependencies English Web Treebank, measures token accuracy on its
// dev set, and saves TaggingModel.zip for the consuming app. Arguments (both optional): the datasets folder (default
// ../shared/datasets) and the number of epochs (5).
using Microsoft.ML;
using MLNet.Rnn;
using Tagging;

string datasets = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "datasets");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 5;
string train = Path.Combine(datasets, "ud-english-ewt-train", "en_ewt-ud-train.conllu");
string dev = Path.Combine(datasets, "ud-english-ewt", "en_ewt-ud-dev.conllu");
if (!File.Exists(train) || !File.Exists(dev))
{
    Console.Error.WriteLine($"This sample needs {train} and {dev}.");
    return 1;
}

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
