using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class VocabularyBuildTests
{
    // Counts: the 4, cat 2, sat 2, a 1, mat 1, on 1.
    private static readonly string[][] Documents =
    [
        ["the", "cat", "sat"],
        ["on", "the", "mat"],
        ["the", "cat", "the", "sat", "a"],
    ];

    [TestMethod]
    public void ReservedTokensFirstThenByFrequencyThenOrdinal()
    {
        var vocabulary = Vocabulary.Build(Documents);
        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>", "the", "cat", "sat", "a", "mat", "on" }, vocabulary.Tokens.ToArray());
        Assert.AreEqual(8, vocabulary.Count);
        Assert.AreEqual(0, vocabulary.PaddingId);
        Assert.AreEqual(1, vocabulary.UnknownId);
    }

    [TestMethod]
    public void OrderDoesNotDependOnDocumentOrder()
    {
        var reversed = Documents.Reverse().Select(d => d.Reverse().ToArray()).ToArray();
        CollectionAssert.AreEqual(Vocabulary.Build(Documents).Tokens.ToArray(), Vocabulary.Build(reversed).Tokens.ToArray());
    }

    [TestMethod]
    public void TiesUseOrdinalOrderSoUpperCaseComesFirst() =>
        CollectionAssert.AreEqual(new[] { "B", "a", "b" }, Vocabulary.Build([["b", "a", "B"]], addPadding: false, addUnknown: false).Tokens.ToArray());

    [TestMethod]
    public void MinFrequencyLeavesOutRareTokens() =>
        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>", "the", "cat", "sat" }, Vocabulary.Build(Documents, minFrequency: 2).Tokens.ToArray());

    [TestMethod]
    public void MaxSizeCountsReservedTokensAndDropsTheRarest() =>
        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>", "the", "cat" }, Vocabulary.Build(Documents, maxSize: 4).Tokens.ToArray());

    [TestMethod]
    public void MaxSizeOfJustTheReservedTokensIsAllowed() =>
        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>" }, Vocabulary.Build(Documents, maxSize: 2).Tokens.ToArray());

    [TestMethod]
    public void WithoutReservedTokensIdsStartAtTheMostFrequent()
    {
        var vocabulary = Vocabulary.Build(Documents, addPadding: false, addUnknown: false);
        Assert.AreEqual(0, vocabulary.IdOf("the"));
        Assert.IsNull(vocabulary.PaddingId);
        Assert.IsNull(vocabulary.UnknownId);
    }

    [TestMethod]
    public void UnknownWithoutPaddingIsIdZero()
    {
        var vocabulary = Vocabulary.Build(Documents, addPadding: false);
        Assert.AreEqual(0, vocabulary.UnknownId);
        Assert.AreEqual("the", vocabulary.TokenOf(1));
    }

    [TestMethod]
    public void ReservedStringsInTheDataAreNotAddedTwice() =>
        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>", "x" }, Vocabulary.Build([["<unk>", "<unk>", "x", "<pad>"]]).Tokens.ToArray());

    [TestMethod]
    [DataRow(true, true, 1)]
    [DataRow(true, false, 0)]
    [DataRow(false, false, 0)]
    public void MaxSizeTooSmallForTheReservedTokensThrows(bool addPadding, bool addUnknown, int maxSize)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Vocabulary.Build(Documents, maxSize, addPadding: addPadding, addUnknown: addUnknown));
        Assert.AreEqual("maxSize", e.ParamName);
    }

    [TestMethod]
    public void MinFrequencyBelowOneThrows() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Vocabulary.Build(Documents, minFrequency: 0));

    [TestMethod]
    public void EmptyVocabularyThrows() =>
        Assert.ThrowsExactly<ArgumentException>(() => Vocabulary.Build([["a"]], minFrequency: 2, addPadding: false, addUnknown: false));

    [TestMethod]
    public void NullTokenThrowsNamingTheDocument()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Vocabulary.Build([["a"], ["b", null!]]));
        StringAssert.Contains(e.Message, "Document 1");
    }
}
