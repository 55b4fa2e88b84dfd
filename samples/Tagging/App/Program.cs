// Loads TaggingModel.zip (saved in samples/Tagging by the training program) with ML.NET and tags each argument (split
// at spaces), or a sentence of its own.
using Samples;
using Tagging;

if (!SampleFolder.HasModel(TaggingModel.ModelPath))
    return 1;
Console.WriteLine($"Tagging with {TaggingModel.ModelPath}");
string[] sentences = args.Length > 0 ? args : ["The quick brown fox jumps over the lazy dog ."];
foreach (string sentence in sentences)
{
    var tokens = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    var output = TaggingModel.Predict(new TaggingModel.ModelInput { Tokens = tokens });
    Console.WriteLine(string.Join(' ', tokens.Zip(output.PredictedLabel, (token, tag) => $"{token}/{tag}")));
}
return 0;
