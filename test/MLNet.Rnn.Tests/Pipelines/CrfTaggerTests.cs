using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>A tagger with a CRF (the tagging default) as users meet it: it learns, saves and loads, keeps to BIO, and only tagging takes one.</summary>
[TestClass]
public sealed class CrfTaggerTests
{
    private sealed class Tagged
    {
        public string[] Tokens { get; set; } = [];

        public string[] Predicted { get; set; } = [];
    }

    [TestMethod]
    public void LearnsTagsThatDependOnTheWordAndLoadsWithTheSameTags()
    {
        var ml = new MLContext(seed: 3);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.Sentences(300, 3)), testFraction: 0.2, seed: 3);
        var tagger = ml.MulticlassClassification.Trainers.RnnTagger(labelColumnName: "Tags", inputColumnName: "Tokens", epochs: 4);
        Assert.IsTrue(tagger.Options.Crf, "a tagger has a CRF by default");
        var model = tagger.Append(ml.Transforms.Conversion.MapKeyToValue("Predicted", "PredictedLabel")).Fit(split.TrainSet);
        CollectionAssert.IsSubsetOf(new[] { "crf.start_transitions", "crf.end_transitions", "crf.transitions" },
            model.OfType<RnnTransformer>().Single().Parameters.Select(p => p.Name).ToArray());

        var scored = model.Transform(split.TestSet);
        Bound.AtLeast(ml.MulticlassClassification.EvaluateTagging(scored, predictedLabelColumnName: "Predicted").TokenAccuracy, 0.98, "token accuracy on held-out rows");

        using var file = new MemoryStream();
        ml.Model.Save(model, split.TrainSet.Schema, file);
        file.Position = 0;
        var loaded = ml.Model.Load(file, out _);
        CollectionAssert.AreEqual(ScoredValues.Of(scored, "Predicted"), ScoredValues.Of(loaded.Transform(split.TestSet), "Predicted"), "the loaded model's tags");
    }

    [TestMethod]
    public void WithBioConstraintsNoPredictionPutsAnInsideTagWhereItCannotBe()
    {
        var violations = Violations(bioConstraints: true);
        Assert.IsEmpty(violations, string.Join("; ", violations.Take(5)));
        Assert.IsNotEmpty(Violations(bioConstraints: false), "the same model unconstrained breaks the rules, so the constraints are what keeps to them");
    }

    [TestMethod]
    public void OnlyTaggingTakesACrf()
    {
        var ml = new MLContext(seed: 1);
        foreach (var task in new[] { RnnTask.Classification, RnnTask.Regression, RnnTask.Forecasting, RnnTask.LanguageModel })
            Assert.AreEqual("Crf", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(new RnnOptions { Task = task, Crf = true })).ParamName, $"{task}");
        Assert.IsFalse(ml.MulticlassClassification.Trainers.Rnn().Options.Crf, "classification's default");
        Assert.IsFalse(ml.MulticlassClassification.Trainers.RnnTagger(new RnnOptions { Crf = false }).Options.Crf, "a tagger without a CRF when asked");
    }

    /// <summary>Each predicted I-X that is first, after O, or after another type's tag, for a weak, barely trained tagger.</summary>
    private static List<string> Violations(bool bioConstraints)
    {
        var ml = new MLContext(seed: 5);
        var data = ml.Data.LoadFromEnumerable(Entities(200, 5));
        var options = new RnnOptions { Task = RnnTask.Tagging, InputColumnName = "Tokens", LabelColumnName = "Tags", HiddenSize = 4, EmbeddingSize = 4, Epochs = 1, BioConstraints = bioConstraints };
        var model = ml.Transforms.Rnn(options).Append(ml.Transforms.Conversion.MapKeyToValue("Predicted", "PredictedLabel")).Fit(data);
        var violations = new List<string>();
        foreach (var row in ml.Data.CreateEnumerable<Tagged>(model.Transform(data), reuseRowObject: false))
        {
            for (int t = 0; t < row.Predicted.Length; t++)
            {
                string tag = row.Predicted[t], previous = t == 0 ? "(start)" : row.Predicted[t - 1];
                if (tag.StartsWith("I-", StringComparison.Ordinal) && !(previous is ['B' or 'I', '-', ..] && previous[2..] == tag[2..]))
                    violations.Add($"{tag} after {previous} in [{string.Join(" ", row.Predicted)}]");
            }
        }
        return violations;
    }

    /// <summary>Sentences with person and place names tagged BIO (a name of two words is B-PER I-PER), other words O.</summary>
    private static List<Sentence> Entities(int count, int seed)
    {
        string[] fillers = ["today", "went", "to", "with", "and", "saw"], first = ["john", "mary", "ann"], last = ["smith", "jones"], places = ["paris", "new york", "rome"];
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = new List<string>();
            var tags = new List<string>();
            for (int part = 0; part < 5; part++)
            {
                switch (random.Next(3))
                {
                    case 0:
                        tokens.Add(fillers[random.Next(fillers.Length)]);
                        tags.Add("O");
                        break;
                    case 1:
                        tokens.AddRange([first[random.Next(first.Length)], last[random.Next(last.Length)]]);
                        tags.AddRange(["B-PER", "I-PER"]);
                        break;
                    default:
                        var words = places[random.Next(places.Length)].Split(' ');
                        tokens.AddRange(words);
                        tags.AddRange(words.Select((_, i) => i == 0 ? "B-LOC" : "I-LOC"));
                        break;
                }
            }
            return new Sentence { Tokens = [.. tokens], Tags = [.. tags] };
        }).ToList();
    }
}
