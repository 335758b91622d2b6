using System.Numerics;
using System.Runtime.Intrinsics;

namespace WebDemo.Embedding;

public static class VectorMath
{
    /// <summary>Keeps the first <paramref name="dimensions"/> values and rescales them to unit length.</summary>
    public static float[] TruncateAndNormalize(ReadOnlySpan<float> vector, int dimensions)
    {
        var result = new float[dimensions];
        Normalize(vector[..dimensions], result);
        return result;
    }

    /// <summary>Writes <paramref name="source"/> scaled to unit length (divided by max(‖source‖, 1e-12)).</summary>
    public static void Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        // Four running sums instead of one, so the additions do not wait on each other (one sum is a chain of 384
        // dependent additions). The grouping is fixed, so every machine computes the same bits; and for the embedder's
        // raw sums (multiples of 0.5) every partial sum is exact, so the grouping does not change the result at all.
        double sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same four sums, one per lane: eight floats widen to two vectors of four doubles, so lane k still adds
            // source[i + k] and then source[i + 4 + k], in the order of the scalar loop below — the same bits.
            var sums = Vector256<double>.Zero;
            for (; i + 8 <= source.Length; i += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Create(source.Slice(i, 8)));
                sums += lower * lower;
                sums += upper * upper;
            }
            (sum0, sum1, sum2, sum3) = (sums[0], sums[1], sums[2], sums[3]);
        }
        for (; i + 3 < source.Length; i += 4)
        {
            // Widened once into locals: the JIT makes far slower code of (double)source[i] * source[i] here.
            double a = source[i], b = source[i + 1], c = source[i + 2], d = source[i + 3];
            sum0 += a * a;
            sum1 += b * b;
            sum2 += c * c;
            sum3 += d * d;
        }
        for (; i < source.Length; i++)
        {
            double a = source[i];
            sum0 += a * a;
        }
        var scale = (float)(1.0 / Math.Max(Math.Sqrt((sum0 + sum1) + (sum2 + sum3)), 1e-12));

        // Each value is scaled on its own, so SIMD lanes give exactly the bits a scalar loop would.
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j + Vector<float>.Count <= source.Length; j += Vector<float>.Count)
            {
                (new Vector<float>(source[j..]) * scale).CopyTo(destination[j..]);
            }
        }
        for (; j < source.Length; j++)
        {
            destination[j] = source[j] * scale;
        }
    }

    /// <summary>Cosine similarity of two vectors of the same length.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }
        return dot / Math.Max(Math.Sqrt(normA) * Math.Sqrt(normB), 1e-12);
    }
}
