// Loads CharacterModel.zip (saved in samples/LanguageModel by the training program), continues a prefix (the first
// argument, or one of its own) and measures how surprising the model finds a sentence of the book and a jumbled one.
using LanguageModel;
using Samples;

if (!SampleFolder.HasModel(CharacterModel.ModelPath))
    return 1;
Console.WriteLine($"Generating with {CharacterModel.ModelPath}");
string prefix = args.Length > 0 ? args[0] : "the time traveller ";
Console.WriteLine(prefix + CharacterModel.Generate(prefix, 200));
foreach (string sentence in new[] { "the time traveller smiled round at us.", "us at round smiled traveller time the." })
{
    var output = CharacterModel.Predict(new CharacterModel.ModelInput { Text = sentence });
    Console.WriteLine($"perplexity {output.Score,6:F2}  {sentence}");
}
return 0;
