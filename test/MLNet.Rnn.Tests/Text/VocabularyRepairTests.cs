using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class VocabularyRepairTests
{
    [TestMethod]
    public void LoneSurrogatesAreOneTokenWhenLearnedAndWhenLookedUp()
    {
        var vocabulary = Vocabulary.Build([["\uD800", "x"], ["\uDC00", "x"], ["\uFFFD"]]);

        CollectionAssert.AreEquivalent(new[] { "<pad>", "<unk>", "\uFFFD", "x" }, vocabulary.Tokens.ToArray());
        int id = vocabulary.IdOf("\uFFFD");
        Assert.AreEqual(id, vocabulary.IdOf("\uD800"));
        Assert.AreEqual(id, vocabulary.IdOf("\uDBFF".AsSpan()));
        Assert.IsTrue(vocabulary.Contains("\uDC00"));
        Assert.IsTrue(vocabulary.TryGetId("\uDFFF", out int viaTry));
        Assert.AreEqual(id, viaTry);
        Assert.AreEqual(2, id, "three occurrences make it the most frequent token, right after the reserved ones");
    }

    [TestMethod]
    public void AStoredVocabularyWithALoneSurrogateIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Vocabulary.FromSpec(new VocabularySpec(["<pad>", "<unk>", "a\uD800"], "<pad>", "<unk>")));
        StringAssert.Contains(error.Message, "Token 2 is not valid UTF-16");
    }
}
