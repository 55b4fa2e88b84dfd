using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class CharacterTokenizerTests
{
    [TestMethod]
    public void EveryCharacterIsATokenSpacesIncluded() =>
        CollectionAssert.AreEqual(new[] { "H", "i", " ", "!" }, new CharacterTokenizer().Tokenize("Hi !"));

    [TestMethod]
    public void LowerCasesWhenAsked() =>
        CollectionAssert.AreEqual(new[] { "a", "b" }, new CharacterTokenizer(lowerCase: true).Tokenize("AB"));

    [TestMethod]
    public void SurrogatePairStaysTogether()
    {
        var tokens = new CharacterTokenizer().Tokenize("a😀b");
        CollectionAssert.AreEqual(new[] { "a", "😀", "b" }, tokens);
        Assert.AreEqual(2, tokens[1].Length);
    }

    [TestMethod]
    public void LoneSurrogateIsKeptNotReplaced()
    {
        // Joining the tokens must give the text back, even when it is ill-formed UTF-16.
        var text = "a\uD83Db\uDE00";
        var tokens = new CharacterTokenizer().Tokenize(text);
        CollectionAssert.AreEqual(new[] { "a", "\uD83D", "b", "\uDE00" }, tokens);
        Assert.AreEqual(text, string.Concat(tokens));
    }

    [TestMethod]
    public void CombiningMarkIsItsOwnToken() =>
        CollectionAssert.AreEqual(new[] { "e", "\u0301" }, new CharacterTokenizer().Tokenize("e\u0301"));

    [TestMethod]
    [DataRow("")]
    [DataRow("  ")]
    [DataRow("\n")]
    public void EmptyOrWhitespaceGivesNoTokens(string text) =>
        CollectionAssert.AreEqual(Array.Empty<string>(), new CharacterTokenizer().Tokenize(text));
}
