using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class LabelDictionaryTests
{
    [TestMethod]
    public void DistinctLabelsInOrdinalOrderWhateverTheDataOrder()
    {
        CollectionAssert.AreEqual(new[] { "False", "True" }, LabelDictionary.Build(["True", "False", "True"]).Names.ToArray());
        CollectionAssert.AreEqual(new[] { "10", "2", "B", "a" }, LabelDictionary.Build(["a", "2", "B", "10", "2"]).Names.ToArray());
    }

    [TestMethod]
    public void IdsAndNamesAreInverse()
    {
        var labels = LabelDictionary.Build(["neg", "pos", "neutral"]);
        Assert.AreEqual(3, labels.Count);
        for (int id = 0; id < labels.Count; id++) Assert.AreEqual(id, labels.IdOf(labels.NameOf(id)));
        Assert.IsTrue(labels.TryGetId("pos", out int pos));
        Assert.AreEqual(2, pos);
        Assert.IsFalse(labels.TryGetId("Pos", out _));
    }

    [TestMethod]
    public void UnknownLabelMessageNamesItAndUpToTenKnownLabels()
    {
        var labels = LabelDictionary.Build(Enumerable.Range(0, 12).Select(i => $"L{i:D2}"));
        var e = Assert.ThrowsExactly<ArgumentException>(() => labels.IdOf("L99"));
        StringAssert.Contains(e.Message, "'L99'");
        StringAssert.Contains(e.Message, "'L00', 'L01'");
        StringAssert.Contains(e.Message, "'L09', ... (2 more)");
        Assert.IsFalse(e.Message.Contains("'L10'"));
    }

    [TestMethod]
    public void RoundTripsThroughNamesKeepingTheirOrder()
    {
        var original = LabelDictionary.FromNames(["O", "B-PER", "I-PER"]);
        var restored = LabelDictionary.FromNames(original.Names);
        CollectionAssert.AreEqual(new[] { "O", "B-PER", "I-PER" }, restored.Names.ToArray());
        Assert.AreEqual(0, restored.IdOf("O"));
    }

    [TestMethod]
    public void FromNamesCopiesItsInput()
    {
        var names = new[] { "a", "b" };
        var labels = LabelDictionary.FromNames(names);
        names[0] = "z";
        Assert.AreEqual("a", labels.NameOf(0));
    }

    [TestMethod]
    [DataRow(new[] { "a", "b", "a" }, "'a' appears at ids 0 and 2")]
    [DataRow(new[] { "a", null }, "Label 1 is null")]
    [DataRow(new string[0], "at least one label")]
    public void InvalidNamesThrowExplaining(string?[] names, string expected)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => LabelDictionary.FromNames(names!));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void BuildRejectsNullLabelsAndNoLabels()
    {
        Assert.ThrowsExactly<ArgumentException>(() => LabelDictionary.Build(["a", null!]));
        Assert.ThrowsExactly<ArgumentException>(() => LabelDictionary.Build([]));
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(2)]
    public void NameOfOutOfRangeThrows(int id) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LabelDictionary.FromNames(["a", "b"]).NameOf(id));
}
