
namespace WebDemo.Embedding.Tests;

/// <summary>
/// <see cref="VectorMath.Normalize"/> sums squares in sixteen fixed lanes, with SIMD where the machine has it. Any float
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

    [Fact]
    public void NormalizeRefusesADestinationShorterThanTheSource() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorMath.Normalize(new float[16], new float[15]));

    /// <summary>
    /// The definition: sixteen running sums of squares in double (element i goes to sum i mod 16), added up as
    /// ((t0 + t1) + (t2 + t3)) with t_k = (s_k + s_4+k) + (s_8+k + s_12+k), then one scale.
    /// </summary>
    private static float[] ScalarNormalize(float[] source)
    {
        var sums = new double[16];
        for (var i = 0; i < source.Length; i++)
        {
            sums[i % 16] += (double)source[i] * source[i];
        }
        var t = Enumerable.Range(0, 4).Select(k => (sums[k] + sums[4 + k]) + (sums[8 + k] + sums[12 + k])).ToArray();
        var scale = (float)(1.0 / Math.Max(Math.Sqrt((t[0] + t[1]) + (t[2] + t[3])), 1e-12));
        return [.. source.Select(value => value * scale)];
    }
}
