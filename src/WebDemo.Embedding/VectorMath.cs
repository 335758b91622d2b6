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
        double sumOfSquares = 0;
        foreach (var value in source)
        {
            sumOfSquares += (double)value * value;
        }
        var scale = (float)(1.0 / Math.Max(Math.Sqrt(sumOfSquares), 1e-12));
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] * scale;
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
