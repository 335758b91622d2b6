using System.Text;
using WebDemo.Embedding;

namespace WebDemo.Api.Tests.Embedding;

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
}
