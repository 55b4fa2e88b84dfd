using System.Text.Json;
using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
internal sealed class TokenizerSpecTests
{
    private const string Sample = "Hello, WORLD  again!";

    public static IEnumerable<object[]> Tokenizers =>
    [
        [new WordTokenizer()],
        [new WordTokenizer(lowerCase: false, keepPunctuation: false)],
        [new CharacterTokenizer()],
        [new CharacterTokenizer(lowerCase: true)],
        [new WhitespaceTokenizer()],
        [new WhitespaceTokenizer(lowerCase: true)],
    ];

    [TestMethod]
    [DynamicData(nameof(Tokenizers))]
    public void SpecRecreatesAnEquivalentTokenizerThroughJson(ITokenizer tokenizer)
    {
        var json = JsonSerializer.Serialize(tokenizer.Spec);
        var restored = JsonSerializer.Deserialize<TokenizerSpec>(json)!.Create();
        Assert.AreEqual(tokenizer.GetType(), restored.GetType());
        Assert.AreEqual(tokenizer.Spec, restored.Spec);
        CollectionAssert.AreEqual(tokenizer.Tokenize(Sample), restored.Tokenize(Sample));
    }

    [TestMethod]
    public void SpecsNameTheirKind()
    {
        Assert.AreEqual(new TokenizerSpec("word", true, false), new WordTokenizer(keepPunctuation: false).Spec);
        Assert.AreEqual(new TokenizerSpec("character", false), new CharacterTokenizer().Spec);
        Assert.AreEqual(new TokenizerSpec("whitespace", true), new WhitespaceTokenizer(lowerCase: true).Spec);
    }

    [TestMethod]
    [DataRow("Word")]
    [DataRow("bpe")]
    public void UnknownKindThrowsNamingItAndTheKnownKinds(string kind)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TokenizerSpec(kind, false).Create());
        StringAssert.Contains(e.Message, $"'{kind}'");
        StringAssert.Contains(e.Message, "'word', 'character' and 'whitespace'");
    }

    [TestMethod]
    public void MissingKindFromAnIncompleteFileThrows()
    {
        var spec = JsonSerializer.Deserialize<TokenizerSpec>("""{"LowerCase":true}""")!;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => spec.Create()).Message, "(null)");
    }
}
