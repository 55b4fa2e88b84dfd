using MLNet.Rnn.Compute;
using MLNet.Rnn.Models;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Tests.Nn;

namespace MLNet.Rnn.Tests.Models;

/// <summary>The managed CRF against a plain PyTorch CRF in float64 (eng/crf_reference.py), and against finite differences.</summary>
[TestClass]
public sealed class CrfTests
{
    public static IEnumerable<object[]> Fixtures() => CrfFixture.Names();

    [TestMethod]
    public void EveryBatchShapeHasAFixture() => Assert.IsGreaterThanOrEqualTo(3, Fixtures().Count());

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void LossAndGradientsMatchPyTorch(string fileName)
    {
        var f = CrfFixture.Load(fileName);
        var crf = f.Crf();
        var gradEmissions = new float[f.Emissions.Length];
        double loss = crf.NegativeLogLikelihood(f.Emissions, f.Batch.Layout, f.Tags, gradEmissions);
        // Float32 inputs, double arithmetic: the reference's float64 inputs rounded to float are the only difference.
        Bound.Near(loss, f.Loss, 1e-5 * Math.Abs(f.Loss), $"{fileName}: loss");
        AssertClose(f.GradEmissions, gradEmissions, $"{fileName}: gradient of the emissions");
        AssertClose(f.GradStart, crf.StartTransitions.Gradient.ToArray(), $"{fileName}: gradient of start_transitions");
        AssertClose(f.GradEnd, crf.EndTransitions.Gradient.ToArray(), $"{fileName}: gradient of end_transitions");
        AssertClose(f.GradTransitions, crf.Transitions.Gradient.ToArray(), $"{fileName}: gradient of transitions");
    }

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void ViterbiPathsMatchPyTorchWithAndWithoutBioConstraints(string fileName)
    {
        var f = CrfFixture.Load(fileName);
        var crf = f.Crf();
        var constraints = CrfConstraints.Bio(f.TagNames);
        Assert.IsNotNull(constraints, "the fixture's tags are BIO");
        CollectionAssert.AreEqual(Packed(f, f.Viterbi), Decoded(f, crf, null), $"{fileName}: unconstrained paths");
        CollectionAssert.AreEqual(Packed(f, f.ViterbiBio), Decoded(f, crf, constraints), $"{fileName}: BIO-constrained paths");
    }

    [TestMethod]
    public void BioConstraintsFollowTheTagNames()
    {
        string[] tags = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"];
        var c = CrfConstraints.Bio(tags)!;
        CollectionAssert.AreEqual(new[] { true, true, false, true, false }, c.AllowedStart, "no I-X first");
        bool Allowed(string from, string to) => c.AllowedTransitions[Array.IndexOf(tags, from) * tags.Length + Array.IndexOf(tags, to)];
        Assert.IsFalse(Allowed("O", "I-PER"));
        Assert.IsFalse(Allowed("B-LOC", "I-PER"));
        Assert.IsFalse(Allowed("I-LOC", "I-PER"));
        Assert.IsTrue(Allowed("B-PER", "I-PER"));
        Assert.IsTrue(Allowed("I-PER", "I-PER"));
        Assert.IsTrue(Allowed("I-PER", "B-LOC"));
        Assert.IsTrue(Allowed("O", "B-LOC"));
        Assert.IsNull(CrfConstraints.Bio(["NOUN", "VERB"]), "part-of-speech tags are not BIO");
        Assert.IsNull(CrfConstraints.Bio(["O"]), "only O: nothing to constrain");
    }

    [TestMethod]
    public void GradientsMatchFiniteDifferences()
    {
        const int tags = 4;
        var rng = new Rng(3);
        var batch = SequenceBatch.FromTokens([new int[3], new int[5], new int[1]]);
        int rows = batch.Layout.TotalRows;
        var emissions = new float[rows * tags];
        rng.FillNormal(emissions);
        var gold = Enumerable.Range(0, rows).Select(_ => rng.NextInt(tags)).ToArray();
        var store = new ParameterStore();
        var crf = new Crf(tags, 5, store, "crf.");
        var gradEmissions = new float[emissions.Length];
        crf.NegativeLogLikelihood(emissions, batch.Layout, gold, gradEmissions);
        double Loss() => crf.NegativeLogLikelihood(emissions, batch.Layout, gold, []);

        FiniteDifferences.AssertMatches(emissions, gradEmissions, Loss, 1, 1e-4, "d loss / d emissions");
        // The store holds only the CRF's start, end and transition scores, in that order.
        FiniteDifferences.AssertMatches(store.Values, store.Gradients.ToArray(), Loss, 1, 1e-4, "d loss / d crf parameters");
    }

    [TestMethod]
    public void ParametersComeLastUnderPyTorchNames()
    {
        var plain = new SequenceModelOptions { VocabularySize = 7, EmbeddingSize = 4, HiddenSize = 3, Head = HeadKind.PerStep, Outputs = 5 };
        var names = (plain with { Crf = true }).ParameterShapes().Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]").ToArray();
        CollectionAssert.AreEqual(plain.ParameterShapes().Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]").ToArray(), names[..^3], "the other parameters keep their order");
        CollectionAssert.AreEqual(new[] { "crf.start_transitions [5]", "crf.end_transitions [5]", "crf.transitions [5, 5]" }, names[^3..]);
        var model = new SequenceModel(plain with { Crf = true }, 1);
        CollectionAssert.AreEqual(new SequenceModel(plain, 1).Parameters.Values, model.Parameters.Values[..^35], "a CRF draws its initial values after every other part");
        Assert.AreEqual("Crf", Assert.Throws<ArgumentException>(() => (plain with { Crf = true, Head = HeadKind.LastHidden }).Validate()).ParamName);
    }

    private static int[] Decoded(CrfFixture f, Crf crf, CrfConstraints? constraints)
    {
        var tags = new int[f.Tags.Length];
        crf.Decode(f.Emissions, f.Batch.Layout, constraints, tags);
        return tags;
    }

    private static int[] Packed(CrfFixture f, int[][] paths)
    {
        var packed = new int[f.Tags.Length];
        SequenceBatch.ForEachRow(f.Batch.Layout, (row, b, t) => packed[row] = paths[b][t]);
        return packed;
    }

    /// <summary>||actual - expected|| / ||expected|| at most <paramref name="tolerance"/>.</summary>
    internal static void AssertClose(float[] expected, float[] actual, string what, double tolerance = 1e-5)
    {
        Assert.HasCount(expected.Length, actual, what);
        double difference = Math.Sqrt(expected.Zip(actual, (e, a) => (double)(a - e) * (a - e)).Sum());
        double reference = Math.Sqrt(expected.Sum(e => (double)e * e));
        Bound.AtMost(difference / Math.Max(reference, 1e-12), tolerance, $"{what}: relative error");
    }
}
