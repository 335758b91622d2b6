using System.Text;
using System.Text.RegularExpressions;

namespace WebDemo.Embedding.Tests;

/// <summary>
/// The embedder's specification written as plainly as possible (regex tokens, substring n-grams, a string per
/// feature): slow, obviously right, and what the optimised <see cref="HashingEmbedder"/> must match bit for bit.
/// </summary>
internal static partial class ReferenceEmbedder
{
    public static float[] Embed(string text, int dimensions = HashingEmbedder.DefaultDimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in Tokens(text))
        {
            Add(vector, "w" + word, 1.0f);
            var padded = $" {word} ";
            for (var n = 3; n <= 5; n++)
            {
                for (var start = 0; start + n <= padded.Length; start++)
                {
                    var gram = padded.Substring(start, n);
                    Add(vector, "c" + gram, 0.5f);
                }
            }
        }
        var norm = Math.Sqrt(vector.Sum(value => (double)value * value));
        var scale = (float)(1.0 / Math.Max(norm, 1e-12));
        return [.. vector.Select(value => value * scale)];
    }

    /// <summary>scikit-learn's token pattern <c>(?u)\b\w\w+\b</c> over the lower-cased text (.NET's \w is Unicode already).</summary>
    public static IEnumerable<string> Tokens(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(match => match.Value);

    private static void Add(float[] vector, string feature, float weight)
    {
        var hash = MurmurHash3.Hash32(Encoding.UTF8.GetBytes(feature));
        var index = (int)(Math.Abs((long)hash) % vector.Length);
        vector[index] += hash >= 0 ? weight : -weight;
    }

    [GeneratedRegex(@"\b\w\w+\b")]
    private static partial Regex WordPattern();
}
