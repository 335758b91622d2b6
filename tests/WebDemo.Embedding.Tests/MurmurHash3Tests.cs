using System.Text;

namespace WebDemo.Embedding.Tests;

public sealed class MurmurHash3Tests
{
    [Theory]
    [InlineData("foo", 0u, -156908512)]
    [InlineData("foo", 42u, -1322301282)]
    [InlineData("", 0u, 0)]
    public void HashMatchesTheReferenceVectors(string text, uint seed, int expected)
    {
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text), seed));
    }

    // The widely published MurmurHash3_x86_32 verification values: every tail length (0–3 bytes) and full 4-byte blocks.
    [Theory]
    [InlineData("", 1u, 0x514E28B7u)]
    [InlineData("", 0xFFFFFFFFu, 0x81F16F39u)]
    [InlineData("FFFFFFFF", 0u, 0x76293B50u)]
    [InlineData("21436587", 0u, 0xF55B516Bu)]
    [InlineData("21436587", 0x5082EDEEu, 0x2362F9DEu)]
    [InlineData("214365", 0u, 0x7E4A8634u)]
    [InlineData("2143", 0u, 0xA0F7B07Au)]
    [InlineData("21", 0u, 0x72661CF4u)]
    [InlineData("00000000", 0u, 0x2362F9DEu)]
    [InlineData("000000", 0u, 0x85F0B427u)]
    [InlineData("0000", 0u, 0x30F4C306u)]
    [InlineData("00", 0u, 0x514E28B7u)]
    public void HashMatchesTheVerificationVectorsForRawBytes(string hex, uint seed, uint expected)
    {
        Assert.Equal(unchecked((int)expected), MurmurHash3.Hash32(Convert.FromHexString(hex), seed));
    }

    [Theory]
    [InlineData("a", 0x7FA09EA6u)]
    [InlineData("aa", 0x5D211726u)]
    [InlineData("aaa", 0x283E0130u)]
    [InlineData("aaaa", 0x5A97808Au)]
    [InlineData("ab", 0x74875592u)]
    [InlineData("abc", 0xC84A62DDu)]
    [InlineData("abcd", 0xF0478627u)]
    [InlineData("Hello, world!", 0x24884CBAu)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x2FA826CDu)]
    public void HashMatchesTheVerificationVectorsForText(string text, uint expected)
    {
        Assert.Equal(unchecked((int)expected), MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text), 0x9747B28Cu));
    }
}
