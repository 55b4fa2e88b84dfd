using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class VocabularyLookupTests
{
    private static readonly Vocabulary WithUnknown = Vocabulary.Build([["b", "a", "b"]]);         // <pad> <unk> b a
    private static readonly Vocabulary WithoutUnknown = Vocabulary.Build([["b", "a", "b"]], addUnknown: false); // <pad> b a

    [TestMethod]
    public void EncodeMapsUnseenTokensToUnknown() =>
        CollectionAssert.AreEqual(new[] { 3, 2, 1, 0 }, WithUnknown.Encode(["a", "b", "zebra", "<pad>"]));

    [TestMethod]
    public void DecodeInvertsEncode() =>
        CollectionAssert.AreEqual(new[] { "a", "b", "<unk>" }, WithUnknown.Decode(WithUnknown.Encode(["a", "b", "zebra"])));

    [TestMethod]
    public void ContainsAndTryGetIdDoNotSubstituteTheUnknownToken()
    {
        Assert.IsTrue(WithUnknown.Contains("a"));
        Assert.IsFalse(WithUnknown.Contains("zebra"));
        Assert.IsTrue(WithUnknown.TryGetId("b", out int id));
        Assert.AreEqual(2, id);
        Assert.IsFalse(WithUnknown.TryGetId("zebra", out _));
    }

    [TestMethod]
    public void UnseenTokenWithoutUnknownThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<KeyNotFoundException>(() => WithoutUnknown.IdOf("zebra"));
        StringAssert.Contains(e.Message, "'zebra'");
        StringAssert.Contains(e.Message, "addUnknown");
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(4)]
    public void TokenOfOutOfRangeThrows(int id) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => WithUnknown.TokenOf(id));

    [TestMethod]
    public void DecodeOutOfRangeThrows() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => WithUnknown.Decode([0, 9]));
}
