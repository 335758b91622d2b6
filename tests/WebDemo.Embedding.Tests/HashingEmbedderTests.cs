
namespace WebDemo.Embedding.Tests;

public sealed class HashingEmbedderTests
{
    private const string ResetPasswordQuestion = "How can I reset my password?";
    private const string ResetPasswordStatement = "How do I reset my password";
    private const string Weather = "The weather is sunny today";

    [Fact]
    public void ParaphrasesAreSimilar()
    {
        var embedder = new HashingEmbedder();

        var cosine = VectorMath.Cosine(embedder.Embed(ResetPasswordQuestion), embedder.Embed(ResetPasswordStatement));

        Assert.True(cosine > 0.6, $"cosine was {cosine}");
    }

    [Theory]
    [InlineData(ResetPasswordQuestion)]
    [InlineData(ResetPasswordStatement)]
    public void UnrelatedTextsAreNearlyOrthogonal(string question)
    {
        var embedder = new HashingEmbedder();

        var cosine = VectorMath.Cosine(embedder.Embed(question), embedder.Embed(Weather));

        Assert.True(Math.Abs(cosine) < 0.2, $"cosine was {cosine}");
    }

    [Theory]
    [InlineData("hi")]
    [InlineData(ResetPasswordQuestion)]
    [InlineData("Grüße aus Köln — naïve café, Ærøskøbing")]
    [InlineData("Привет, мир! Съешь же ещё этих мягких французских булок")]
    [InlineData("東京タワー 東京スカイツリー")]
    [InlineData("emoji 🙂 between words and a surrogate pair 𝒳 inside")]
    public void VectorsHaveUnitLength(string text)
    {
        var vector = new HashingEmbedder().Embed(text);

        Assert.Equal(1.0, Norm(vector), 5);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("I")]
    [InlineData("!")]
    [InlineData("🙂")]
    [InlineData("x y")]
    [InlineData("a ! ? 1")]
    [InlineData("\u0301")] // a lone combining mark
    [InlineData("\uD800")] // a lone surrogate
    public void OneCharacterTextsGetUnitVectorsMatchingTheReference(string text)
    {
        var vector = new HashingEmbedder().Embed(text);

        Assert.Equal(1.0, Norm(vector), 6);
        Assert.Equal(Bits(ReferenceEmbedder.Embed(text)), Bits(vector));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n\u00A0\u2009")]
    public void WhitespaceOnlyTextHasNoTokensAndEmbedsAsTheZeroVector(string text)
    {
        // Nothing to normalise (norm 0 is divided by 1e-12, not by 0); the API refuses such input with a 400.
        var embedder = new HashingEmbedder();

        Assert.Equal(0, embedder.Embed(text, new float[embedder.Dimensions]));
        Assert.All(embedder.Embed(text), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void TheSameTextAlwaysGivesBitIdenticalVectors()
    {
        var first = new HashingEmbedder().Embed(ResetPasswordQuestion);
        var second = new HashingEmbedder().Embed(ResetPasswordQuestion);

        Assert.Equal(Bits(first), Bits(second));
    }

    [Fact]
    public void CaseDoesNotMatter()
    {
        var embedder = new HashingEmbedder();

        Assert.Equal(Bits(embedder.Embed("ÄRGER ÜBER KÖLN")), Bits(embedder.Embed("ärger über köln")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(64)]
    [InlineData(383)]
    public void FewerDimensionsFoldTheFeaturesIntoFewerBuckets(int dimensions)
    {
        var embedder = new HashingEmbedder();

        var vector = embedder.Embed("ab", dimensions);

        Assert.Equal(dimensions, vector.Length);
        Assert.Equal(Bits(ReferenceEmbedder.Embed("ab", dimensions)), Bits(vector));
        Assert.Equal(1.0, Norm(vector), 6);
    }

    [Fact]
    public void FeaturesThatCancelInEveryBucketFallBackToUnsignedCounts()
    {
        // At one dimension every feature lands in the same bucket; some texts' signed weights sum to exactly 0 there.
        var embedder = new HashingEmbedder();
        var cancelling = Enumerable.Range(0, 2_000).Select(i => $"t{i}")
            .Where(text => ReferenceEmbedder.SignedSums(text, 1)[0] == 0).Take(5).ToList();
        Assert.NotEmpty(cancelling);

        foreach (var text in cancelling)
        {
            Assert.Equal([1f], embedder.Embed(text, 1)); // unsigned counts are positive: the unit vector is [1]
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(385)]
    public void DestinationsOutsideTheNativeSizeAreRefused(int length)
    {
        var embedder = new HashingEmbedder();

        Assert.Throws<ArgumentOutOfRangeException>(() => embedder.Embed(ResetPasswordQuestion, new float[length]));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(100)]
    [InlineData(1536)]
    public void TheNativeSizeIsConfigurable(int dimensions)
    {
        var embedder = new HashingEmbedder(dimensions);

        var vector = embedder.Embed(ResetPasswordQuestion);

        Assert.Equal(dimensions, vector.Length);
        Assert.Equal(Bits(ReferenceEmbedder.Embed(ResetPasswordQuestion, dimensions)), Bits(vector));
    }

    [Theory]
    [InlineData(ResetPasswordQuestion, 7)] // how can i reset my password ?
    [InlineData(Weather, 5)]
    [InlineData("", 0)]
    [InlineData("  \t ", 0)]
    [InlineData("a b c", 3)]
    [InlineData("snake_case and 42 or 7", 5)] // '_' is a word character
    [InlineData("Grüße aus Köln", 3)]
    [InlineData("東京タワー", 1)]
    [InlineData("don't stop", 4)] // "don", "'", "t", "stop": the apostrophe is a token of its own
    [InlineData("🙂🙂", 2)] // one token per emoji (a surrogate pair each)
    public void PromptTokensAreWordsAndSymbols(string text, int expected)
    {
        var embedder = new HashingEmbedder();

        Assert.Equal(expected, HashingEmbedder.CountTokens(text));
        Assert.Equal(expected, embedder.Embed(text, new float[embedder.Dimensions]));
        Assert.Equal(expected, ReferenceEmbedder.Tokens(text).Count());
    }

    [Theory]
    [MemberData(nameof(SpecificationTexts))]
    public void VectorsMatchTheReferenceImplementationBitForBit(string name, string text)
    {
        var vector = new HashingEmbedder().Embed(text);

        Assert.True(Bits(ReferenceEmbedder.Embed(text)).SequenceEqual(Bits(vector)), $"'{name}' differs from the reference");
    }

    [Fact]
    public void LongTextsAndLongWordsUsePooledBuffersAndStayCorrect()
    {
        // Past the stack limits: a 100 KB text (rented lower-case buffer) holding a 5,000-letter word (rented byte buffer).
        var text = string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet, ÜBER naïve café. ", 2_000))
            + new string('x', 5_000) + " Ende";
        var embedder = new HashingEmbedder();

        var first = embedder.Embed(text);
        var again = embedder.Embed(text); // pooled buffers came back clean

        Assert.Equal(Bits(ReferenceEmbedder.Embed(text)), Bits(first));
        Assert.Equal(Bits(first), Bits(again));
    }

    [Fact]
    public void ConcurrentCallsDoNotInterfere()
    {
        var embedder = new HashingEmbedder();
        var texts = SpecificationTexts().Select(row => (string)row[1]).ToArray();
        var expected = texts.Select(text => Bits(embedder.Embed(text))).ToArray();

        Parallel.For(0, 200, i =>
        {
            var index = i % texts.Length;
            Assert.Equal(expected[index], Bits(embedder.Embed(texts[index])));
        });
    }

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-156908512)]
    public void BucketsAreTheAbsoluteHashModuloTheSizeEvenForIntMinValue(int hash)
    {
        foreach (var dimensions in new[] { 1, 2, 3, 7, 64, 384, 1000, 4096, int.MaxValue })
        {
            var expected = (int)(Math.Abs((long)hash) % dimensions); // |int.MinValue| = 2^31 needs 64 bits

            Assert.Equal(expected, HashingEmbedder.BucketOf(hash, dimensions));
        }
    }

    [Fact]
    public void IntMinValueLandsInBucket128OfTheDefaultSize()
    {
        // 2^31 mod 384 = 128: the value |int.MinValue| really has, not the overflowed int.MinValue.
        Assert.Equal(128, HashingEmbedder.BucketOf(int.MinValue, HashingEmbedder.DefaultDimensions));
    }

    [Fact]
    public void BucketsMatchTheModuloForManyHashes()
    {
        var random = new Random(12345);
        foreach (var dimensions in new[] { 1, 3, 384, 4096, 1_000_003 })
        {
            for (var i = 0; i < 10_000; i++)
            {
                var hash = random.Next(int.MinValue, int.MaxValue);
                Assert.Equal((int)(Math.Abs((long)hash) % dimensions), HashingEmbedder.BucketOf(hash, dimensions));
            }
        }
    }

    public static TheoryData<string, string> SpecificationTexts() => new()
    {
        { "question", ResetPasswordQuestion },
        { "two-letter word", "ok" },
        { "words at both ends, one separator apart", "Start,middle.end" },
        { "separators of one character", "a_b,c1-d2 x.y/zz" },
        { "words of every n-gram length", "ab abc abcd abcde abcdef abcdefg" },
        { "punctuation and digits", "HTTP/2, gRPC & REST: 404s, v1.2.3 -- e-mail_address 2024" },
        { "Latin-1", "Grüße aus Köln — naïve café, Ærøskøbing, façade" },
        { "Cyrillic", "Съешь же ещё этих мягких французских булок, да выпей чаю" },
        { "Greek", "Τάχιστη αλώπηξ βαφής ψημένη γη, δρασκελίζει υπέρ νωθρού κυνός" },
        { "CJK", "東京タワー 東京スカイツリー 你好世界" },
        { "combining marks", "cafe\u0301 nai\u0308ve" },
        { "emoji and surrogate pairs", "emoji 🙂 between words and 𝒳 inside" },
        { "lone surrogate", "broken \uD800 surrogate \uDC00 here" },
        { "whitespace kinds", "tab\tnew\nline\r\nnbsp\u00A0thin\u2009space" },
        { "long word", new string('q', 300) },
        { "long non-ASCII word", string.Concat(Enumerable.Repeat("ü", 200)) },
        { "paragraph", string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 20)) },
    };

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(value => (double)value * value));

    private static int[] Bits(float[] vector) => [.. vector.Select(BitConverter.SingleToInt32Bits)];
}
