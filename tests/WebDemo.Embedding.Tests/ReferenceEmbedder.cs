using System.Text;
using System.Text.RegularExpressions;

namespace WebDemo.Embedding.Tests;

/// <summary>
/// The embedder's specification written as plainly as possible (regex tokens, n-grams of code points, a string per
/// feature): slow, obviously right, and what the optimised <see cref="HashingEmbedder"/> must match bit for bit.
/// It is scikit-learn's <c>HashingVectorizer</c> with BERT-style tokens (see <see cref="HashingEmbedder"/>'s remarks).
/// </summary>
internal static partial class ReferenceEmbedder
{
    public static float[] Embed(string text, int dimensions = HashingEmbedder.DefaultDimensions)
    {
        var features = Features(text).ToList();
        var vector = Hash(features, dimensions, signed: true);
        if (features.Count > 0 && vector.All(value => value == 0))
        {
            vector = Hash(features, dimensions, signed: false); // scikit-learn's alternate_sign=False
        }
        var norm = Math.Sqrt(vector.Sum(value => (double)value * value));
        var scale = (float)(1.0 / Math.Max(norm, 1e-12));
        return [.. vector.Select(value => value * scale)];
    }

    /// <summary>The raw sums of the signed features in each bucket, before any fallback or normalisation.</summary>
    public static float[] SignedSums(string text, int dimensions) => Hash(Features(text), dimensions, signed: true);

    /// <summary>Runs of word characters, and every other non-whitespace code point alone, from the lower-cased text.</summary>
    public static IEnumerable<string> Tokens(string text) =>
        TokenPattern().Matches(text.ToLowerInvariant()).Select(match => match.Value);

    private static IEnumerable<(string Feature, float Weight)> Features(string text)
    {
        foreach (var token in Tokens(text))
        {
            yield return ("w" + token, 1.0f);
            string[] padded = [" ", .. token.EnumerateRunes().Select(rune => rune.ToString()), " "];
            for (var n = 3; n <= 5; n++)
            {
                for (var start = 0; start + n <= padded.Length; start++)
                {
                    yield return ("c" + string.Concat(padded[start..(start + n)]), 0.5f);
                }
            }
        }
    }

    private static float[] Hash(IEnumerable<(string Feature, float Weight)> features, int dimensions, bool signed)
    {
        var vector = new float[dimensions];
        foreach (var (feature, weight) in features)
        {
            var hash = MurmurHash3.Hash32(Encoding.UTF8.GetBytes(feature));
            var index = (int)(Math.Abs((long)hash) % dimensions);
            vector[index] += hash >= 0 || !signed ? weight : -weight;
        }
        return vector;
    }

    // .NET's \w and \s are Unicode already; a surrogate pair is one code point, a lone surrogate one (invalid) character.
    [GeneratedRegex(@"\w+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\w\s]")]
    private static partial Regex TokenPattern();
}
