using System.Text;

namespace WebDemo.Embedding.Tests;

/// <summary>
/// Every text with a non-whitespace character gets a unit vector at every size from 1 to the maximum, the same bits
/// every time and the reference's bits — over random texts built from the inputs that used to give zero vectors.
/// </summary>
public sealed class UnitVectorPropertyTests(ITestOutputHelper output)
{
    private const int Seed = 20261203;

    // Pieces random texts are made of: single characters, punctuation, emoji (surrogate pairs, ZWJ sequences, a flag),
    // whitespace runs, right-to-left text, combining marks, CJK, and ordinary words.
    private static readonly string[] Pieces =
    [
        "x", "a", "I", "7", "_", "!", "?", ".", ",", "'", "-", "/", "&", "€", "©", "§", "\u0000", "\u007F",
        "🙂", "👍🏽", "👩‍💻", "🇩🇪", "𝒳", "\uD800",
        " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2009", "\u3000",
        "שלום", "مرحبا", "עִבְרִית", "\u200F", "\u200E",
        "e\u0301", "\u0301", "a\u0308\u0323", "\u20DD",
        "東京", "タワー", "你好", "한국어",
        "ok", "reset", "password", "Grüße", "naïve", "Köln",
    ];

    [Fact]
    public void RandomTextsGetUnitVectorsAtEverySizeThatMatchTheReference()
    {
        var embedder = new HashingEmbedder();
        var texts = RandomTexts(count: 250);
        var checkedVectors = 0;

        foreach (var text in texts)
        {
            for (var dimensions = 1; dimensions <= HashingEmbedder.DefaultDimensions; dimensions++)
            {
                var vector = embedder.Embed(text, dimensions);
                var again = embedder.Embed(text, dimensions);

                Assert.True(Math.Abs(Norm(vector) - 1) <= 1e-6, $"norm {Norm(vector)} at {dimensions} for {Describe(text)}");
                Assert.Equal(Bits(vector), Bits(again));
                Assert.True(Bits(ReferenceEmbedder.Embed(text, dimensions)).SequenceEqual(Bits(vector)),
                    $"differs from the reference at {dimensions} for {Describe(text)}");
                checkedVectors++;
            }
        }
        output.WriteLine($"{texts.Count} texts x 384 sizes: {checkedVectors} unit vectors, each equal to the reference");
    }

    [Fact]
    public void EveryTextWithANonWhitespaceCharacterHasATokenToCount()
    {
        foreach (var text in RandomTexts(count: 1_000))
        {
            Assert.True(HashingEmbedder.CountTokens(text) >= 1, $"no tokens in {Describe(text)}");
        }
    }

    [Theory]
    [InlineData(384)]
    [InlineData(64)]
    public void ParaphrasesStayCloserThanUnrelatedTextsAtFewerDimensions(int dimensions)
    {
        var embedder = new HashingEmbedder();
        (string Text, string Paraphrase, string Unrelated)[] cases =
        [
            ("How can I reset my password?", "How do I reset my password", "The weather is sunny today"),
            ("Thread-pool starvation blocks every request", "Starvation of the thread pool blocks requests", "Bake the bread for forty minutes"),
            ("Grüße aus Köln", "Viele Grüße aus Köln!", "Tokyo tower at night"),
            ("I", "I!", "🙂"),
        ];

        foreach (var (text, paraphrase, unrelated) in cases)
        {
            var close = VectorMath.Cosine(embedder.Embed(text, dimensions), embedder.Embed(paraphrase, dimensions));
            var far = VectorMath.Cosine(embedder.Embed(text, dimensions), embedder.Embed(unrelated, dimensions));

            output.WriteLine($"{dimensions}: '{text}' ~ '{paraphrase}' {close:F3}, ~ '{unrelated}' {far:F3}");
            Assert.True(close > far, $"at {dimensions}: paraphrase {close:F3} is not closer than unrelated {far:F3}");
        }
    }

    // One to six pieces, each at least one non-whitespace character somewhere; the seed makes a failure reproducible.
    private static List<string> RandomTexts(int count)
    {
        var random = new Random(Seed);
        var texts = new List<string>(count);
        while (texts.Count < count)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(1, 7); i > 0; i--)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }
            var text = builder.ToString();
            if (!string.IsNullOrWhiteSpace(text))
            {
                texts.Add(text);
            }
        }
        return texts;
    }

    private static string Describe(string text) =>
        $"\"{text}\" ({string.Join(' ', text.Select(c => ((int)c).ToString("X4")))})";

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(value => (double)value * value));

    private static int[] Bits(float[] vector) => [.. vector.Select(BitConverter.SingleToInt32Bits)];
}
