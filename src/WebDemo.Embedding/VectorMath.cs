using System.Numerics;

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
