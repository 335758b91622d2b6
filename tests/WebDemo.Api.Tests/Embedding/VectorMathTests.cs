using WebDemo.Embedding;

namespace WebDemo.Api.Tests.Embedding;

/// <summary>
/// <see cref="VectorMath.Normalize"/> sums squares in four fixed lanes, with SIMD where the machine has it. Any float
/// input, of any length, must give the bits of the plain scalar loop, so every machine computes the same vectors.
/// </summary>
public sealed class VectorMathTests
{
    [Fact]
    public void NormalizeGivesTheScalarLoopsBitsForAnyLengthAndValues()
    {
        var random = new Random(12345);
        for (var length = 1; length <= 400; length += length < 40 ? 1 : 37)
        {
            var source = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 6)))).ToArray();
            var actual = new float[length];

            VectorMath.Normalize(source, actual);

            Assert.Equal(ScalarNormalize(source), actual);
        }
    }

    /// <summary>The definition: four running sums of squares in double (element i goes to sum i mod 4), then one scale.</summary>
    private static float[] ScalarNormalize(float[] source)
    {
        var sums = new double[4];
        var whole = source.Length - (source.Length % 4);
        for (var i = 0; i < whole; i++)
        {
            sums[i % 4] += (double)source[i] * source[i];
        }
        for (var i = whole; i < source.Length; i++)
        {
            sums[0] += (double)source[i] * source[i];
        }
        var scale = (float)(1.0 / Math.Max(Math.Sqrt((sums[0] + sums[1]) + (sums[2] + sums[3])), 1e-12));
        return [.. source.Select(value => value * scale)];
    }
}
