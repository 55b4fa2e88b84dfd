using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>Wrong columns fail at Fit and at both GetOutputSchema methods, in ML.NET's words: the column, what was expected, what it is.</summary>
[TestClass]
public sealed class SchemaTests
{
    private static readonly RnnOptions Small = new() { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1 };

    private sealed class TokenReview
    {
        public string[] Text { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private static void AssertMessage(Exception error, params string[] parts)
    {
        Assert.IsInstanceOfType<ArgumentOutOfRangeException>(error);
        foreach (string part in parts)
            StringAssert.Contains(error.Message, part);
    }

    private static Exception Fails(Action action) => Assert.Throws<ArgumentOutOfRangeException>(action);

    [TestMethod]
    public void AMissingInputColumnFailsAtFitAndAtGetOutputSchema()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(TestRows.Reviews(20, 1))).Transform(ml.Data.LoadFromEnumerable(TestRows.Reviews(20, 1)));
        var estimator = ml.Transforms.Rnn(Small with { InputColumnName = "Txt" });

        AssertMessage(Fails(() => estimator.Fit(data)), "Could not find input column 'Txt'");
        AssertMessage(Fails(() => estimator.GetOutputSchema(SchemaAgreement.ShapeOf(data.Schema))), "Could not find input column 'Txt'");
        var trained = ml.Transforms.Rnn(Small).Fit(data);
        var withoutText = ml.Transforms.DropColumns("Text").Fit(data).Transform(data);
        AssertMessage(Fails(() => trained.GetOutputSchema(withoutText.Schema)), "Could not find input column 'Text'");
        AssertMessage(Fails(() => trained.Transform(withoutText)), "Could not find input column 'Text'");
    }

    [TestMethod]
    public void AnInputOfAWrongTypeNamesTheExpectedAndActualTypes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.ScoredReviews(20, 1));
        var estimator = ml.Transforms.Rnn(Small with { Task = RnnTask.Regression, InputColumnName = "Label", LabelColumnName = "Label" });

        string[] expected = ["Schema mismatch for input column 'Label'", "expected String (text), a vector of String (tokens) or a vector of Key<UInt32> (token keys)", "got Single"];
        AssertMessage(Fails(() => estimator.Fit(data)), expected);
        AssertMessage(Fails(() => estimator.GetOutputSchema(SchemaAgreement.ShapeOf(data.Schema))), expected);
    }

    [TestMethod]
    public void ATextLabelForClassificationSaysToMapItToKeys()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(20, 1));
        var estimator = ml.Transforms.Rnn(Small);

        string[] expected = ["Schema mismatch for label column 'Label'", "expected Key<UInt32> (multiclass: map the label with MapValueToKey) or Boolean (binary)", "got String"];
        AssertMessage(Fails(() => estimator.Fit(data)), expected);
        AssertMessage(Fails(() => estimator.GetOutputSchema(SchemaAgreement.ShapeOf(data.Schema))), expected);
        AssertMessage(Fails(() => ml.Forecasting.ForecastByRnn("Label", "Text").GetOutputSchema(SchemaAgreement.ShapeOf(data.Schema))),
            "Schema mismatch for input column 'Text'", "expected a vector of Single (a window of the series: steps x FeaturesPerStep)", "got String");
    }

    [TestMethod]
    public void ATransformerRejectsInputOfAnotherTypeThanItWasTrainedOn()
    {
        var ml = new MLContext(seed: 1);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(TestRows.Reviews(20, 1)));
        var trained = ml.Transforms.Rnn(Small).Fit(keys.Transform(ml.Data.LoadFromEnumerable(TestRows.Reviews(20, 1))));
        var tokens = ml.Data.LoadFromEnumerable(new[] { new TokenReview { Text = ["good", "food"] } });

        AssertMessage(Fails(() => trained.Transform(tokens)), "Schema mismatch for input column 'Text'", "expected String, as in training", "got VarVector<String>");

        var windows = ml.Data.LoadFromEnumerable(TestRows.Sines(30));
        var forecaster = ml.Forecasting.ForecastByRnn(epochs: 1).Fit(windows);
        var shorter = ml.Transforms.CopyColumns("History", "Target").Fit(windows).Transform(windows);
        AssertMessage(Fails(() => forecaster.GetOutputSchema(shorter.Schema)), $"expected a vector of {Window.Length} Single, as in training", "got Vector<Single, 1>");
    }

    [TestMethod]
    public void InvalidOptionsNameTheOption()
    {
        var ml = new MLContext(seed: 1);

        Assert.AreEqual("HiddenSize", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { HiddenSize = 0 })).ParamName);
        Assert.AreEqual("FeaturesPerStep", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { FeaturesPerStep = 0 })).ParamName);
        Assert.AreEqual("Epochs", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { Epochs = 0 })).ParamName);
        Assert.AreEqual("Bidirectional", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { Task = RnnTask.LanguageModel, Bidirectional = true })).ParamName);
        Assert.AreEqual("MaxVocabularySize", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { MaxVocabularySize = 2 })).ParamName);
        Assert.AreEqual("MaxVocabularySize", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { MaxVocabularySize = -5 })).ParamName);
        Assert.AreEqual("MinTokenFrequency", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { MinTokenFrequency = 0 })).ParamName);
        Assert.AreEqual("WeightDecay", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { WeightDecay = -0.1f })).ParamName);
        Assert.AreEqual("WeightDecay", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { WeightDecay = float.NaN })).ParamName);
        Assert.AreEqual("Momentum", Assert.Throws<ArgumentException>(() => new MLNet.Rnn.Training.TrainerOptions { Momentum = -0.9f }.Validate()).ParamName);
        foreach (var undefined in new[] { Small with { Task = (RnnTask)42 }, Small with { Cell = (RecurrentCell)99 }, Small with { Pooling = (SequencePooling)99 }, Small with { Tokenization = (TextTokenization)99 } })
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(undefined)).Message, "must be defined values");
    }

    [TestMethod]
    public void SizesBeyondTheDocumentedLimitsAreRefusedBeforeTraining()
    {
        var ml = new MLContext(seed: 1);

        Assert.AreEqual("NumLayers", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { NumLayers = 3000, HiddenSize = 8 })).ParamName);
        Assert.AreEqual("HiddenSize", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { HiddenSize = 20_000 })).ParamName);
        var batch = Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { BatchSize = 85_899_346 }));
        Assert.AreEqual("BatchSize", batch.ParamName);
        StringAssert.Contains(batch.Message, "expected 1 to 1048576");
        Assert.AreEqual("BpttLength", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(Small with { Task = RnnTask.LanguageModel, BpttLength = int.MaxValue })).ParamName);
    }

    [TestMethod]
    public void AddedColumnsMayNotHideTheColumnsTheModelReadsOrEachOther()
    {
        var ml = new MLContext(seed: 1);

        foreach (var clash in new[] { Small with { ScoreColumnName = "PredictedLabel" }, Small with { ScoreColumnName = "Text" }, Small with { PredictedLabelColumnName = "Label" }, Small with { ScoreColumnName = "Probability" } })
            Assert.AreEqual("ScoreColumnName", Assert.Throws<ArgumentException>(() => ml.Transforms.Rnn(clash)).ParamName);
    }

    [TestMethod]
    public void TaggingRowsWhoseTagsDoNotLineUpWithTheTokensAreNamed()
    {
        var ml = new MLContext(seed: 1);
        var sentences = TestRows.Sentences(5, 1);
        sentences[3].Tags = sentences[3].Tags[..4];

        var error = Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.RnnTagger(epochs: 1).Fit(ml.Data.LoadFromEnumerable(sentences)));

        StringAssert.Contains(error.Message, "Row 3: 4 tags in 'Tags' for 5 tokens in 'Tokens'");
        sentences = TestRows.Sentences(5, 1);
        sentences[2].Tags[1] = "";
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.RnnTagger(epochs: 1).Fit(ml.Data.LoadFromEnumerable(sentences))).Message,
            "Column 'Tags', row 2: token 1 has an empty tag");
    }

    [TestMethod]
    public void NumericStepsMustBeWholeAndFinite()
    {
        var ml = new MLContext(seed: 1);
        var traces = TestRows.Traces(6, 1);
        traces[2].Features = traces[2].Features[..^1];
        var ragged = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.Rnn(inputColumnName: "Features", featuresPerStep: 2, epochs: 1));

        var error = Assert.Throws<ArgumentException>(() => ragged.Fit(ml.Data.LoadFromEnumerable(traces)));

        StringAssert.Contains(error.Message, "Column 'Features', row 2:");
        StringAssert.Contains(error.Message, "not a whole number of steps of 2 features (FeaturesPerStep)");
        traces = TestRows.Traces(6, 1);
        traces[4].Features[3] = float.NaN;
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => ragged.Fit(ml.Data.LoadFromEnumerable(traces))).Message, "Column 'Features', row 4, step 1: NaN is not a finite number");
    }
}
