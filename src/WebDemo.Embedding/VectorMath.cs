using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        Scale(source, destination, UnitScale(SumOfSquares(source)));
    }

    /// <summary>The factor that scales a vector with this sum of squares to unit length: 1 / max(‖v‖, 1e-12).</summary>
    private static float UnitScale(double sumOfSquares) => (float)(1.0 / Math.Max(Math.Sqrt(sumOfSquares), 1e-12));

    /// <summary>Writes every value of <paramref name="source"/> times <paramref name="factor"/> to <paramref name="destination"/>.</summary>
    private static void Scale(ReadOnlySpan<float> source, Span<float> destination, float factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, source.Length, nameof(destination));

        // Each value is scaled on its own, so SIMD lanes give exactly the bits a scalar loop would. The loops below read
        // through references rather than slices: a slice per vector costs a bounds check, and at 384 values a vector
        // loop is short enough for that to be most of its time.
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        var length = (nuint)source.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var factors = Vector256.Create(factor);
            for (; i + 8 <= length; i += 8)
            {
                (Vector256.LoadUnsafe(ref from, i) * factors).StoreUnsafe(ref to, i);
            }
        }
        for (; i < length; i++)
        {
            Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i) * factor;
        }
    }

    // Sixteen running sums instead of one (element i goes to sum i mod 16), so the additions do not wait on each other:
    // one sum is a chain of 384 dependent additions, four cycles each. The grouping is fixed, so every machine computes
    // the same bits; and for the embedder's raw sums (multiples of 0.5) every partial sum is exact, so it gives the bits
    // of a plain sequential sum.
    private static double SumOfSquares(ReadOnlySpan<float> source)
    {
        const int Lanes = 16;
        Span<double> sums = stackalloc double[Lanes];
        ref var from = ref MemoryMarshal.GetReference(source);
        var length = (nuint)source.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The sixteen sums as four vectors of four doubles: sums0 holds sums 0–3, sums1 sums 4–7, and so on.
            Vector256<double> sums0 = default, sums1 = default, sums2 = default, sums3 = default;
            for (; i + Lanes <= length; i += Lanes)
            {
                var (a, b) = Vector256.Widen(Vector256.LoadUnsafe(ref from, i));
                var (c, d) = Vector256.Widen(Vector256.LoadUnsafe(ref from, i + 8));
                sums0 += a * a;
                sums1 += b * b;
                sums2 += c * c;
                sums3 += d * d;
            }
            sums0.CopyTo(sums);
            sums1.CopyTo(sums[4..]);
            sums2.CopyTo(sums[8..]);
            sums3.CopyTo(sums[12..]);
        }
        for (; i < length; i++)
        {
            double value = Unsafe.Add(ref from, i); // widened once: the JIT makes slower code of (double)x * x
            sums[(int)(i % Lanes)] += value * value;
        }

        // Lane by lane, then across: the same tree whether the sums came from vectors or from the loop above.
        var lane0 = (sums[0] + sums[4]) + (sums[8] + sums[12]);
        var lane1 = (sums[1] + sums[5]) + (sums[9] + sums[13]);
        var lane2 = (sums[2] + sums[6]) + (sums[10] + sums[14]);
        var lane3 = (sums[3] + sums[7]) + (sums[11] + sums[15]);
        return (lane0 + lane1) + (lane2 + lane3);
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
