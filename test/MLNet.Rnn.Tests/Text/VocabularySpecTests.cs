using System.Text.Json;
using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class VocabularySpecTests
{
    [TestMethod]
    [DataRow(true, true)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(false, false)]
    public void RoundTripsThroughJson(bool addPadding, bool addUnknown)
    {
        var original = Vocabulary.Build([["x", "y", "x"]], addPadding: addPadding, addUnknown: addUnknown);
        var json = JsonSerializer.Serialize(original.ToSpec());
        var restored = Vocabulary.FromSpec(JsonSerializer.Deserialize<VocabularySpec>(json)!);
        CollectionAssert.AreEqual(original.Tokens.ToArray(), restored.Tokens.ToArray());
        Assert.AreEqual(original.PaddingId, restored.PaddingId);
        Assert.AreEqual(original.UnknownId, restored.UnknownId);
        CollectionAssert.AreEqual(original.Encode(["y", "x"]), restored.Encode(["y", "x"]));
    }

    [TestMethod]
    public void CustomReservedTokensAreKept()
    {
        var vocabulary = Vocabulary.FromSpec(new VocabularySpec(["[PAD]", "[UNK]", "hi"], "[PAD]", "[UNK]"));
        Assert.AreEqual(0, vocabulary.PaddingId);
        Assert.AreEqual(1, vocabulary.IdOf("never seen"));
        Assert.AreEqual("[UNK]", vocabulary.ToSpec().UnknownToken);
    }

    [TestMethod]
    [DataRow(new[] { "a", "b", "a" }, null, null, "'a' appears at ids 0 and 2")]
    [DataRow(new[] { "a", "<pad>" }, "<pad>", null, "must be at id 0, but it has id 1")]
    [DataRow(new[] { "a" }, "<pad>", null, "it is missing")]
    [DataRow(new[] { "<pad>", "a", "<unk>" }, "<pad>", "<unk>", "must be at id 1, right after the padding token, but it has id 2")]
    [DataRow(new[] { "a", "<unk>" }, null, "<unk>", "must be at id 0 (there is no padding token)")]
    [DataRow(new[] { "<pad>" }, "<pad>", "<pad>", "must differ")]
    [DataRow(new string[0], null, null, "at least one token")]
    public void InvalidSpecThrowsExplaining(string[] tokens, string? padding, string? unknown, string expected)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Vocabulary.FromSpec(new VocabularySpec(tokens, padding, unknown)));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void NullTokenThrows()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Vocabulary.FromSpec(new VocabularySpec(["a", null!], null, null)));
        StringAssert.Contains(e.Message, "Token 1 is null");
    }

    [TestMethod]
    public void MissingTokenListThrows() =>
        Assert.ThrowsExactly<ArgumentException>(() => Vocabulary.FromSpec(JsonSerializer.Deserialize<VocabularySpec>("{}")!));
}
