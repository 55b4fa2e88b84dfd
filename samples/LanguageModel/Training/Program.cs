// Trains a character-level language model on H. G. Wells' The Time Machine, measures its perplexity on the last tenth
// of the book (held out), and saves CharacterModel.zip in samples/LanguageModel for the consuming app. Arguments (both
// optional): the datasets folder (default: shared/datasets beside the repository) and the number of epochs (5).
using LanguageModel;
using Microsoft.ML;
using MLNet.Rnn;
using Samples;

string book = SampleDatasets.PathOf(args, "timemachine", "timemachine.txt");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 5;
if (!File.Exists(book))
{
    Console.Error.WriteLine(SampleDatasets.NotFound(book));
    return 1;
}
Console.WriteLine($"Training on the first nine tenths of {book}");

var mlContext = new MLContext(seed: 1);
mlContext.Log += (_, e) =>
{
    if (e.Source.StartsWith("RnnEstimator") && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
        Console.WriteLine(e.RawMessage);
};
// A language model reads its rows as one stream: the book is one row, split in time so the test text is unseen.
string text = File.ReadAllText(book);
int cut = text.Length * 9 / 10;
var trainData = mlContext.Data.LoadFromEnumerable([new CharacterModel.ModelInput { Text = text[..cut] }]);
var testData = mlContext.Data.LoadFromEnumerable([new CharacterModel.ModelInput { Text = text[cut..] }]);

var model = CharacterModel.BuildPipeline(mlContext, epochs).Fit(trainData);
var metrics = mlContext.MulticlassClassification.EvaluateLanguageModel(model.Transform(testData));
Console.WriteLine($"Held-out perplexity {metrics.Perplexity:F2} per character ({metrics.BitsPerToken:F2} bits)");

mlContext.Model.Save(model, trainData.Schema, CharacterModel.ModelPath);
Console.WriteLine($"Saved {CharacterModel.ModelPath}");
return 0;
