using System.Globalization;

namespace WebDemo.Embedding;

/// <summary>Finds word tokens as the regex <c>(?u)\b\w\w+\b</c> does: runs of two or more word characters.</summary>
internal static class WordTokenizer
{
    public readonly record struct Token(int Start, int Length);

    public static bool Next(ReadOnlySpan<char> text, ref int position, out Token token)
    {
        while (position < text.Length)
        {
            while (position < text.Length && !IsWordChar(text[position]))
            {
                position++;
            }
            var start = position;
            while (position < text.Length && IsWordChar(text[position]))
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

    /// <summary>The same over ASCII bytes, one per character.</summary>
    public static bool NextAscii(ReadOnlySpan<byte> text, ref int position, out Token token)
    {
        while (position < text.Length)
        {
            while (position < text.Length && !IsAsciiWordChar(text[position]))
            {
                position++;
            }
            var start = position;
            while (position < text.Length && IsAsciiWordChar(text[position]))
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

    private static bool IsAsciiWordChar(byte b) => char.IsAsciiLetterOrDigit((char)b) || b == '_';

    // \w in .NET and Python's Unicode mode: letters, decimal digits, combining marks and connector punctuation ('_').
    private static bool IsWordChar(char c)
    {
        if (c < 0x80)
        {
            return IsAsciiWordChar((byte)c);
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
