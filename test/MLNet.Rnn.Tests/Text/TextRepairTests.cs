using System.Text;
using MLNet.Rnn.Text;

namespace MLNet.Rnn.Tests.Text;

[TestClass]
public sealed class TextRepairTests
{
    [TestMethod]
    [DataRow("plain text")]
    [DataRow("an emoji \uD83D\uDE00 and a flag \uD83C\uDDEB\uD83C\uDDF7")]
    [DataRow("")]
    public void ValidTextIsKeptAsTheSameInstance(string text)
    {
        Assert.AreSame(text, TextRepair.Repair(text));
        Assert.AreEqual(-1, TextRepair.FirstLoneSurrogate(text));
    }

    [TestMethod]
    public void EveryLoneSurrogateReadsAsTheReplacementCharacter()
    {
        // Cases in code: an attribute's strings are stored as UTF-8, so a DataRow cannot carry a lone surrogate.
        (string Text, string Expected)[] cases =
        [
            ("\uD800", "\uFFFD"), ("\uDC00", "\uFFFD"), ("a\uD800b\uDC00c", "a\uFFFDb\uFFFDc"), ("\uDC00\uD800", "\uFFFD\uFFFD"),
            ("\uD83D\uDE00\uD800", "\uD83D\uDE00\uFFFD"), ("\uD800\uD83D\uDE00", "\uFFFD\uD83D\uDE00"), ("half an emoji \uD83D", "half an emoji \uFFFD"),
        ];
        foreach (var (text, expected) in cases)
        {
            Assert.AreEqual(expected, TextRepair.Repair(text));
            var chars = text.ToCharArray();
            TextRepair.RepairInPlace(chars);
            Assert.AreEqual(expected, new string(chars));
        }
    }

    [TestMethod]
    public void RepairedTextIsWhatUtf8GivesBack()
    {
        // The property that matters: what the model keeps is what a saved model reads back.
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            string text = new(Enumerable.Range(0, random.Next(12)).Select(_ => (char)(random.Next(4) == 0 ? random.Next(0xD800, 0xE000) : random.Next(0x20, 0x3000))).ToArray());
            string repaired = TextRepair.Repair(text);
            Assert.AreEqual(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)), repaired, $"text {i}");
            Assert.IsTrue(TextRepair.IsValid(repaired));
        }
    }
}
