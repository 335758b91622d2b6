using System.Globalization;

namespace WebDemo.Embedding;

/// <summary>
/// Splits text into tokens as BERT's basic tokenizer does: a run of word characters (<c>\w+</c>) is one token, and every
/// other character that is not whitespace — punctuation, symbols, emoji — is a token of its own. So any text that is not
/// all whitespace has at least one token: "I", "!" and "🙂" each have exactly one.
/// </summary>
internal static class Tokenizer
{
    public readonly record struct Token(int Start, int Length);

    /// <summary>The next token of UTF-16 text at or after <paramref name="position"/>, which moves past it.</summary>
    public static bool Next(ReadOnlySpan<char> text, ref int position, out Token token) =>
        Next<char, Utf16>(text, ref position, out token);

    /// <summary>The same over ASCII bytes, one per character.</summary>
    public static bool NextAscii(ReadOnlySpan<byte> text, ref int position, out Token token) =>
        Next<byte, AsciiBytes>(text, ref position, out token);

    // One loop for both encodings; the JIT compiles a copy per struct type argument, so the classifiers are inlined.
    private static bool Next<T, TChars>(ReadOnlySpan<T> text, ref int position, out Token token)
        where TChars : struct, ICharClasses<T>
    {
        while (position < text.Length && TChars.IsWhiteSpace(text[position]))
        {
            position++;
        }
        if (position == text.Length)
        {
            token = default;
            return false;
        }

        var start = position;
        if (TChars.IsWordChar(text[position]))
        {
            do
            {
                position++;
            }
            while (position < text.Length && TChars.IsWordChar(text[position]));
        }
        else
        {
            position += TChars.SymbolLength(text[position..]);
        }
        token = new Token(start, position - start);
        return true;
    }

    private interface ICharClasses<T>
    {
        static abstract bool IsWordChar(T c);

        static abstract bool IsWhiteSpace(T c);

        /// <summary>How many code units the symbol at the start of <paramref name="text"/> takes.</summary>
        static abstract int SymbolLength(ReadOnlySpan<T> text);
    }

    private struct AsciiBytes : ICharClasses<byte>
    {
        public static bool IsWordChar(byte b) => char.IsAsciiLetterOrDigit((char)b) || b == '_';

        // ' ' and \t \n \v \f \r: the ASCII members of char.IsWhiteSpace.
        public static bool IsWhiteSpace(byte b) => b == ' ' || (uint)(b - '\t') <= '\r' - '\t';

        public static int SymbolLength(ReadOnlySpan<byte> text) => 1;
    }

    // \w in .NET and Python's Unicode mode: letters, decimal digits, combining marks and connector punctuation ('_').
    private struct Utf16 : ICharClasses<char>
    {
        public static bool IsWordChar(char c)
        {
            if (c < 0x80)
            {
                return AsciiBytes.IsWordChar((byte)c);
            }
            return CharUnicodeInfo.GetUnicodeCategory(c) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                    or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
                _ => false,
            };
        }

        public static bool IsWhiteSpace(char c) => char.IsWhiteSpace(c);

        // A symbol is one code point: an emoji outside the BMP is a surrogate pair, two code units.
        public static int SymbolLength(ReadOnlySpan<char> text) =>
            text.Length > 1 && char.IsSurrogatePair(text[0], text[1]) ? 2 : 1;
    }
}
