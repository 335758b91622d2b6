using System.Globalization;

namespace WebDemo.Embedding;

/// <summary>Finds word tokens as the regex <c>(?u)\b\w\w+\b</c> does: runs of two or more word characters.</summary>
internal static class WordTokenizer
{
    public readonly record struct Token(int Start, int Length);

    /// <summary>The next token of UTF-16 text at or after <paramref name="position"/>, which moves past it.</summary>
    public static bool Next(ReadOnlySpan<char> text, ref int position, out Token token) =>
        Next<char, Utf16>(text, ref position, out token);

    /// <summary>The same over ASCII bytes, one per character.</summary>
    public static bool NextAscii(ReadOnlySpan<byte> text, ref int position, out Token token) =>
        Next<byte, AsciiBytes>(text, ref position, out token);

    // One loop for both encodings; the JIT compiles a copy per struct type argument, so the classifier is inlined.
    private static bool Next<T, TWordChars>(ReadOnlySpan<T> text, ref int position, out Token token)
        where TWordChars : struct, IWordChars<T>
    {
        while (position < text.Length)
        {
            while (position < text.Length && !TWordChars.IsWordChar(text[position]))
            {
                position++;
            }
            var start = position;
            while (position < text.Length && TWordChars.IsWordChar(text[position]))
            {
                position++;
            }
            if (position - start >= 2)
            {
                token = new Token(start, position - start);
                return true;
            }
        }
        token = default;
        return false;
    }

    private interface IWordChars<in T>
    {
        static abstract bool IsWordChar(T c);
    }

    private struct AsciiBytes : IWordChars<byte>
    {
        public static bool IsWordChar(byte b) => char.IsAsciiLetterOrDigit((char)b) || b == '_';
    }

    // \w in .NET and Python's Unicode mode: letters, decimal digits, combining marks and connector punctuation ('_').
    private struct Utf16 : IWordChars<char>
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
    }
}
