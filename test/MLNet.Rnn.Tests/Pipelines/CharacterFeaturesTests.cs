using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Character features as users meet them: words never seen in training are tagged by their spelling, and the model saves, loads and refuses what it cannot do.</summary>
[TestClass]
public sealed class CharacterFeaturesTests
{
    [TestMethod]
    public void WordsNeverSeenInTrainingAreTaggedByTheirSpelling()
    {
        var ml = new MLContext(seed: 2);
        var train = ml.Data.LoadFromEnumerable(Shapes(300, new Random(1)));
        // Every word of the test rows is new: only its spelling says what it is.
        var test = ml.Data.LoadFromEnumerable(Shapes(100, new Random(2), unseen: true));
        double Accuracy(int characterFeatures)
        {
            var options = new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 16, EmbeddingSize = 16, Epochs = 20, CharacterFeatures = characterFeatures };
            var model = ml.Transforms.Conversion.MapValueToKey("Tags").Append(ml.MulticlassClassification.Trainers.RnnTagger(options)).Fit(train);
            return ml.MulticlassClassification.EvaluateTagging(model.Transform(test), "Tags", "PredictedLabel").TokenAccuracy;
        }

        Bound.AtLeast(Accuracy(characterFeatures: 30), 0.97, "token accuracy on unseen words with character features");
        Bound.AtMost(Accuracy(characterFeatures: 0), 0.8, "token accuracy on unseen words without them (each is the unknown word)");
    }

    [TestMethod]
    public void AWordSharesItsEmbeddingAcrossCaseWhileItsSpellingKeepsTheCase()
    {
        var ml = new MLContext(seed: 3);
        // The same words, capitalised as names and lower-case otherwise: only the spelling tells the two apart.
        var train = ml.Data.LoadFromEnumerable(Shapes(300, new Random(5), sameWordsBothCases: true));
        var test = ml.Data.LoadFromEnumerable(Shapes(100, new Random(6), sameWordsBothCases: true));
        (double Accuracy, IReadOnlyList<string> Vocabulary) Train(int characterFeatures)
        {
            var options = new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 16, EmbeddingSize = 16, Epochs = 20, CharacterFeatures = characterFeatures };
            var model = ml.Transforms.Conversion.MapValueToKey("Tags").Append(ml.MulticlassClassification.Trainers.RnnTagger(options)).Fit(train);
            return (ml.MulticlassClassification.EvaluateTagging(model.Transform(test), "Tags", "PredictedLabel").TokenAccuracy, model.LastTransformer.Vocabulary!);
        }

        var (withSpelling, vocabulary) = Train(characterFeatures: 30);
        Assert.IsFalse(vocabulary.Any(word => word.Any(char.IsUpper)), "LowerCase (the default) lower-cases token inputs' words");
        Bound.AtLeast(withSpelling, 0.97, "token accuracy when only the case of a word gives its tag, with character features");
        Bound.AtMost(Train(characterFeatures: 0).Accuracy, 0.8, "token accuracy without them (a word reads the same in either case)");
    }

    [TestMethod]
    public void ATaggerWithCharacterFeaturesLoadsWithTheSameTagsAndRowByRow()
    {
        var ml = new MLContext(seed: 4);
        var data = ml.Data.LoadFromEnumerable(Shapes(80, new Random(3)));
        var test = ml.Data.LoadFromEnumerable(Shapes(20, new Random(4), unseen: true));
        var tagger = ml.MulticlassClassification.Trainers.RnnTagger(new RnnOptions { InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 8, EmbeddingSize = 8, Epochs = 2 });
        Assert.AreEqual(30, tagger.Options.CharacterFeatures, "a tagger's default");
        var model = ml.Transforms.Conversion.MapValueToKey("Tags").Append(tagger).Fit(data);
        CollectionAssert.IsSubsetOf(new[] { "char_embedding.weight", "char_cnn.weight", "char_cnn.bias" }, model.LastTransformer.Parameters.Select(p => p.Name).ToArray());
        var expected = ScoredValues.Of(model.Transform(test), "PredictedLabel");

        using var file = new MemoryStream();
        ml.Model.Save(model, data.Schema, file);
        file.Position = 0;
        var loaded = ml.Model.Load(file, out _);
        CollectionAssert.AreEqual(expected, ScoredValues.Of(loaded.Transform(test), "PredictedLabel"), "the loaded model's tags");

        // A prediction engine scores one row at a time, through its own path.
        var engine = ml.Model.CreatePredictionEngine<Sentence, Predicted>(loaded);
        var rows = ml.Data.CreateEnumerable<Sentence>(test, reuseRowObject: false).ToList();
        var batched = ml.Data.CreateEnumerable<Predicted>(loaded.Transform(test), reuseRowObject: false).ToList();
        for (int r = 0; r < rows.Count; r++)
            CollectionAssert.AreEqual(batched[r].PredictedLabel, engine.Predict(rows[r]).PredictedLabel, $"row {r} alone");
    }

    [TestMethod]
    public void OptionsOutsideWhatCharactersCanDoAreRefusedByName()
    {
        var ml = new MLContext(seed: 1);
        Assert.AreEqual("CharacterFeatures", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(new RnnOptions { Task = RnnTask.Tagging, CharacterFeatures = -1 })).ParamName);
        Assert.AreEqual("CharacterFeatures", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(new RnnOptions { Task = RnnTask.LanguageModel, CharacterFeatures = 10 })).ParamName);
        Assert.AreEqual(0, ml.MulticlassClassification.Trainers.Rnn().Options.CharacterFeatures, "classification's default");
        Assert.AreEqual(0, ml.Transforms.Text.RnnLanguageModel().Options.CharacterFeatures, "a language model's default");
    }

    private sealed class Predicted
    {
        public uint[] PredictedLabel { get; set; } = [];
    }

    /// <summary>
    /// Sentences whose tags follow each word's shape: a capitalised word is NAME, digits are NUM, anything else O.
    /// Words are random letters; <paramref name="unseen"/> rows use longer ones, so that none was seen in training;
    /// with <paramref name="sameWordsBothCases"/>, words come from 20 of two letters, each met both ways.
    /// </summary>
    private static List<Sentence> Shapes(int count, Random random, bool unseen = false, bool sameWordsBothCases = false)
    {
        string Letters(int length) => sameWordsBothCases
            ? $"{(char)('a' + random.Next(4))}{(char)('a' + random.Next(5))}"
            : new(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray());
        int length = unseen ? 7 : 4;
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = new List<string>();
            var tags = new List<string>();
            for (int t = 0, n = 3 + random.Next(6); t < n; t++)
            {
                switch (random.Next(3))
                {
                    case 0:
                        string word = Letters(length);
                        tokens.Add(char.ToUpperInvariant(word[0]) + word[1..]);
                        tags.Add("NAME");
                        break;
                    case 1:
                        tokens.Add(random.Next(unseen ? 1_000_000 : 1000, unseen ? 10_000_000 : 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        tags.Add("NUM");
                        break;
                    default:
                        tokens.Add(Letters(length));
                        tags.Add("O");
                        break;
                }
            }
            return new Sentence { Tokens = [.. tokens], Tags = [.. tags] };
        }).ToList();
    }
}
