using MLNet.Rnn.Training.Metrics;

namespace MLNet.Rnn.Tests.Metrics;

[TestClass]
public sealed class TaggingMetricsTests
{
    private static TaggingMetrics One(string[] truth, string[] predicted) =>
        TaggingMetrics.Compute(new[] { truth }, new[] { predicted });

    [TestMethod]
    public void BioExampleFromTheBrief()
    {
        // Truth entities PER[0,2) LOC[3,4); predicted PER[0,1) LOC[3,4). Only LOC matches (PER's span differs):
        // precision 1/2, recall 1/2, F1 1/2. Tokens: 3 of 4 tags equal (I-PER vs O differs) -> 3/4.
        var m = One(["B-PER", "I-PER", "O", "B-LOC"], ["B-PER", "O", "O", "B-LOC"]);
        Assert.AreEqual(2, m.TrueEntities);
        Assert.AreEqual(2, m.PredictedEntities);
        Assert.AreEqual(1, m.CorrectEntities);
        Assert.AreEqual(0.5, m.Precision, 1e-12);
        Assert.AreEqual(0.5, m.Recall, 1e-12);
        Assert.AreEqual(0.5, m.F1, 1e-12);
        Assert.AreEqual(0.75, m.TokenAccuracy, 1e-12);
    }

    [TestMethod]
    public void StrayInsideTagStartsAnEntity()
    {
        // Truth "O I-LOC I-LOC O" has the entity LOC[1,3) (the stray I-LOC starts it, as in conlleval),
        // which is exactly the predicted "O B-LOC I-LOC O" entity: P = R = F1 = 1; token accuracy 3/4.
        var m = One(["O", "I-LOC", "I-LOC", "O"], ["O", "B-LOC", "I-LOC", "O"]);
        Assert.AreEqual(1, m.TrueEntities);
        Assert.AreEqual(1, m.CorrectEntities);
        Assert.AreEqual(1.0, m.F1, 1e-12);
        Assert.AreEqual(0.75, m.TokenAccuracy, 1e-12);
    }

    [TestMethod]
    [DataRow(new[] { "I-LOC" }, 1)]                            // stray I at sentence start
    [DataRow(new[] { "B-PER", "I-LOC" }, 2)]                   // I of another type starts a new entity
    [DataRow(new[] { "B-LOC", "I-PER", "I-PER" }, 2)]          // LOC[0,1) PER[1,3)
    [DataRow(new[] { "B-PER", "B-PER" }, 2)]                   // B always starts a new entity
    [DataRow(new[] { "B-PER", "I-PER", "I-PER", "O", "I-PER" }, 2)]
    [DataRow(new[] { "O", "O", "MISC" }, 0)]                   // tags without B-/I- are outside
    public void EntityCounts(string[] tags, int entities)
    {
        var m = One(tags, tags);
        Assert.AreEqual(entities, m.TrueEntities);
        Assert.AreEqual(entities, m.CorrectEntities);
    }

    [TestMethod]
    public void TypeMustMatch()
    {
        var m = One(["B-PER", "I-PER"], ["B-LOC", "I-LOC"]);
        Assert.AreEqual(0, m.CorrectEntities);
        Assert.AreEqual(0.0, m.F1);
    }

    [TestMethod]
    public void NoEntitiesGiveZeroNotNaN()
    {
        // Nothing predicted and nothing true: precision, recall and F1 are 0 by convention.
        var m = One(["O", "O"], ["O", "O"]);
        Assert.AreEqual(0.0, m.Precision);
        Assert.AreEqual(0.0, m.Recall);
        Assert.AreEqual(0.0, m.F1);
        Assert.AreEqual(1.0, m.TokenAccuracy);
    }

    [TestMethod]
    public void EntitiesDoNotCrossSentences()
    {
        // Split, the truth is PER[0,1) in each sentence: 2 entities, both predicted exactly.
        var m = TaggingMetrics.Compute(new[] { new[] { "B-PER" }, new[] { "I-PER" } }, new[] { new[] { "B-PER" }, new[] { "B-PER" } });
        Assert.AreEqual(2, m.TrueEntities);
        Assert.AreEqual(2, m.CorrectEntities);
    }

    [TestMethod]
    public void TagIdsGiveTheSameResultAsStrings()
    {
        string[] names = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"];
        var m = TaggingMetrics.Compute(new[] { new[] { 1, 2, 0, 3 } }, new[] { new[] { 1, 0, 0, 3 } }, names);
        Assert.AreEqual(0.5, m.Precision, 1e-12);
        Assert.AreEqual(0.5, m.Recall, 1e-12);
        Assert.AreEqual(0.75, m.TokenAccuracy, 1e-12);
    }

    [TestMethod]
    public void AccumulatorOverTwoSentencesEqualsOneShot()
    {
        string[][] truth = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "I-LOC", "I-LOC", "O", "B-ORG"]];
        string[][] predicted = [["B-PER", "O", "O", "B-LOC"], ["O", "B-LOC", "I-LOC", "O", "O"]];
        // Sentence 1: 2 true, 2 predicted, 1 correct. Sentence 2: 2 true (LOC, ORG), 1 predicted, 1 correct.
        // Total: P = 2/3, R = 2/4, F1 = 2·(2/3)(1/2)/(2/3 + 1/2) = (2/3)/(7/6) = 4/7. Tokens: 3/4 + 3/5 -> 6/9.
        var oneShot = TaggingMetrics.Compute(truth, predicted);
        Assert.AreEqual(2.0 / 3.0, oneShot.Precision, 1e-12);
        Assert.AreEqual(0.5, oneShot.Recall, 1e-12);
        Assert.AreEqual(4.0 / 7.0, oneShot.F1, 1e-12);
        Assert.AreEqual(6.0 / 9.0, oneShot.TokenAccuracy, 1e-12);

        var accumulator = new TaggingMetricsAccumulator();
        accumulator.Add(truth[0], predicted[0]);
        accumulator.Add(truth[1], predicted[1]);
        Assert.AreEqual(oneShot, accumulator.Compute()); // the record holds only counts, so it compares by value
    }

    [TestMethod]
    public void ValidationNamesTheArgument()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => One(["O", "O"], ["O"]));
        Assert.AreEqual("predicted", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => TaggingMetrics.Compute(new[] { new[] { "O" } }, Array.Empty<string[]>()));
        Assert.AreEqual("predicted", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => One(["O", null!], ["O", "O"]));
        Assert.AreEqual("truth", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => TaggingMetrics.Compute(Array.Empty<string[]>(), Array.Empty<string[]>()));
        Assert.AreEqual("truth", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentException>(() => TaggingMetrics.Compute(new[] { new[] { 0, 5 } }, new[] { new[] { 0, 0 } }, ["O", "B-X"]));
        Assert.AreEqual("truth", e.ParamName);
        StringAssert.Contains(e.Message, "[0, 2)");
        Assert.ThrowsExactly<ArgumentNullException>(() => TaggingMetrics.Compute(null!, Array.Empty<string[]>()));

        var accumulator = new TaggingMetricsAccumulator();
        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add([0, -1], [0, 0], ["O"]));
        Assert.AreEqual(0, accumulator.TokenCount); // failed sentences add nothing
        Assert.ThrowsExactly<InvalidOperationException>(() => accumulator.Compute());
    }
}
