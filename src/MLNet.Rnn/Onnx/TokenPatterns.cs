using MLNet.Rnn.Text;

namespace MLNet.Rnn.Onnx;

/// <summary>
/// The built-in tokenizers as the RE2 patterns of ONNX Runtime's <c>Tokenizer</c> (com.microsoft), each matching the
/// tokens .NET's tokenizer gives. .NET's regular expressions read UTF-16, so a character outside the Basic
/// Multilingual Plane is never a word character there (its halves are surrogates) and becomes a symbol token of its
/// own; RE2 reads code points, so the patterns keep the word classes to the BMP.
/// </summary>
/// <remarks>
/// .NET's <c>\w</c> is <c>[\p{L}\p{Mn}\p{Nd}\p{Pc}]</c> and <c>\s</c> (which is also <c>char.IsWhiteSpace</c>) is
/// <c>[\f\n\r\t\v\x85\p{Z}]</c>; RE2's own <c>\w</c> and <c>\s</c> are ASCII only, so the classes are spelled out. The
/// categories follow the Unicode version of each library: characters assigned in between may split differently.
/// </remarks>
internal static class TokenPatterns
{
    private const string Space = @"\t\n\x{0B}\f\r\x{85}\p{Z}";

    // Each category restricted to the BMP: "not (outside the category, or astral)".
    private const string WordCharacter = @"(?:[^\P{L}\x{10000}-\x{10FFFF}]|[^\P{Mn}\x{10000}-\x{10FFFF}]|[^\P{Nd}\x{10000}-\x{10FFFF}]|[^\P{Pc}\x{10000}-\x{10FFFF}])";

    /// <summary>Runs of word characters and, with punctuation kept, each other character that is not a space.</summary>
    public static string Words(bool keepPunctuation) => keepPunctuation
        ? $@"{WordCharacter}+|[^\p{{L}}\p{{Mn}}\p{{Nd}}\p{{Pc}}{Space}]|[\x{{10000}}-\x{{10FFFF}}]"
        : $"{WordCharacter}+";

    /// <summary>Runs of characters that are not spaces.</summary>
    public const string Whitespace = $"[^{Space}]+";

    /// <summary>Every code point, line breaks included.</summary>
    public const string Characters = "(?s).";

    /// <summary>The pattern of a tokenizer.</summary>
    public static string Of(TokenizerSpec tokenizer) => tokenizer.Kind switch
    {
        TokenizerSpec.WordKind => Words(tokenizer.KeepPunctuation),
        TokenizerSpec.WhitespaceKind => Whitespace,
        _ => Characters,
    };
}
