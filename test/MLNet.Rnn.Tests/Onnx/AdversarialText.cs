namespace MLNet.Rnn.Tests.Onnx;

/// <summary>Texts that break tokenizers and lookups: nothing, one token, 2,000 tokens, unseen words, case, Unicode's corners.</summary>
internal static class AdversarialText
{
    public static readonly string[] Texts =
    [
        "", " ", "\t\n", "good", "GOOD", "Good Food!", "zzyzx qwerty unseen", string.Join(' ', Enumerable.Repeat("the food was good", 500)),
        "İstanbul ÇĞŞ straße ǅ ΣΊΣΥΦΟΣ", "e\u0301 a\u0308\u0323", "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 \u200F\u202E",
        "\uD83D\uDE00 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83C\uDDEB\uD83C\uDDF7", "\U0001D400\U0001D401c \U0001D7CE9",
        "half \uD800 an \uDC00 emoji \uFFFD", "nul\0byte", "don't-stop_now!!", "tab\tand\u00A0nbsp\u2003em\u2028line",
        "\uFEFFbom", "123 4.5 ١٢٣", "ALL CAPS SHOUTING", "MiXeD CaSe",
    ];
}
