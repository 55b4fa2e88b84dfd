using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class WhitespaceTokenizerTests
{
    [TestMethod]
    public void SplitsOnAnyWhitespaceRunWithoutEmptyTokens() =>
        CollectionAssert.AreEqual(new[] { "The", "U.S.", "isn't", "ok." }, new WhitespaceTokenizer().Tokenize("  The\tU.S.\u00A0 isn't\r\n\nok.  "));

    [TestMethod]
    public void LowerCasesWhenAsked() =>
        CollectionAssert.AreEqual(new[] { "new", "york" }, new WhitespaceTokenizer(lowerCase: true).Tokenize("New YORK"));

    [TestMethod]
    [DataRow("")]
    [DataRow(" \t ")]
    public void EmptyOrWhitespaceGivesNoTokens(string text) =>
        CollectionAssert.AreEqual(Array.Empty<string>(), new WhitespaceTokenizer().Tokenize(text));
}
