using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class WordTokenizerTests
{
    [TestMethod]
    public void SplitsWordsAndEachPunctuationCharacter()
    {
        var tokens = new WordTokenizer().Tokenize("Don't stop... it's 42_000 ok?!");
        CollectionAssert.AreEqual(new[] { "don", "'", "t", "stop", ".", ".", ".", "it", "'", "s", "42_000", "ok", "?", "!" }, tokens);
    }

    [TestMethod]
    public void KeepsCaseWhenAsked() =>
        CollectionAssert.AreEqual(new[] { "Hello", ",", "World" }, new WordTokenizer(lowerCase: false).Tokenize("Hello, World"));

    [TestMethod]
    public void DropsPunctuationWhenAsked() =>
        CollectionAssert.AreEqual(new[] { "hello", "world" }, new WordTokenizer(keepPunctuation: false).Tokenize("Hello, world! 😀"));

    [TestMethod]
    public void UnicodeLettersAndCombiningMarksStayInWords()
    {
        // "café" with a decomposed é (e + U+0301): the combining mark is a word character, so the word stays whole.
        var tokens = new WordTokenizer().Tokenize("Ünïcode CAFE\u0301 日本語");
        CollectionAssert.AreEqual(new[] { "ünïcode", "cafe\u0301", "日本語" }, tokens);
    }

    [TestMethod]
    public void SurrogatePairIsOneSymbolToken() =>
        CollectionAssert.AreEqual(new[] { "hi", "😀", "😀", "!" }, new WordTokenizer().Tokenize("hi😀😀!"));

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("\t\r\n")]
    public void EmptyOrWhitespaceGivesNoTokens(string text) =>
        CollectionAssert.AreEqual(Array.Empty<string>(), new WordTokenizer().Tokenize(text));

    [TestMethod]
    public void NullTextThrows() =>
        Assert.ThrowsExactly<ArgumentNullException>(() => new WordTokenizer().Tokenize(null!));
}
