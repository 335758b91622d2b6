using System.Buffers;
using System.Text;

namespace WebDemo.Embedding;

/// <summary>
/// A deterministic, offline embedder: feature hashing of word tokens and character n-grams
/// (scikit-learn's <c>HashingVectorizer</c> idea), L2-normalised. Similar texts share features,
/// so they get a high cosine similarity; unrelated texts share almost none, so theirs is near 0.
/// </summary>
/// <remarks>
/// Thread-safe and allocation-free per feature: every buffer is a stack span or rented from
/// <see cref="ArrayPool{T}"/>. Never uses <see cref="string.GetHashCode()"/>, which is randomised per process.
/// </remarks>
public sealed class HashingEmbedder
{
    public const int DefaultDimensions = 384;
    private const float WordWeight = 1.0f;
    private const float NGramWeight = 0.5f;
    private const int MinNGram = 3;
    private const int MaxNGram = 5;
    // A one-byte namespace in front of each feature, so the word "abc" and the n-gram "abc" never collide.
    private const byte WordNamespace = (byte)'w';
    private const byte NGramNamespace = (byte)'c';
    private const int StackLimit = 256;

    public HashingEmbedder(int dimensions = DefaultDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
    }

    /// <summary>The native size of every vector this embedder computes.</summary>
    public int Dimensions { get; }

    /// <summary>Counts word tokens (<c>(?u)\b\w\w+\b</c>), the unit of <c>usage.prompt_tokens</c>.</summary>
    public static int CountTokens(ReadOnlySpan<char> text)
    {
        var count = 0;
        var position = 0;
        while (WordTokenizer.Next(text, ref position, out _))
        {
            count++;
        }
        return count;
    }

    /// <summary>Embeds <paramref name="text"/> into <paramref name="destination"/> (length ≤ <see cref="Dimensions"/>).</summary>
    /// <returns>The number of word tokens in the text.</returns>
    public int Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length is 0 || destination.Length > Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), destination.Length, $"Length must be between 1 and {Dimensions}.");
        }

        var rentedNative = Dimensions > StackLimit ? ArrayPool<float>.Shared.Rent(Dimensions) : null;
        var native = rentedNative is null ? stackalloc float[Dimensions] : rentedNative.AsSpan(0, Dimensions);
        var rentedLower = text.Length > StackLimit ? ArrayPool<char>.Shared.Rent(text.Length) : null;
        var lower = rentedLower is null ? stackalloc char[text.Length] : rentedLower.AsSpan(0, text.Length);
        try
        {
            native.Clear();
            text.ToLowerInvariant(lower);
            var tokens = Accumulate(lower, native);

            // Truncating to fewer dimensions (as OpenAI's "dimensions" does) and renormalising keeps vectors unit-length.
            VectorMath.Normalize(native[..destination.Length], destination);
            return tokens;
        }
        finally
        {
            if (rentedNative is not null) ArrayPool<float>.Shared.Return(rentedNative);
            if (rentedLower is not null) ArrayPool<char>.Shared.Return(rentedLower);
        }
    }

    /// <summary>Convenience overload that allocates the result.</summary>
    public float[] Embed(string text, int? dimensions = null)
    {
        var vector = new float[dimensions ?? Dimensions];
        Embed(text, vector);
        return vector;
    }

    private int Accumulate(ReadOnlySpan<char> lower, Span<float> native)
    {
        var tokens = 0;
        var position = 0;
        Span<byte> scratch = stackalloc byte[StackLimit];
        while (WordTokenizer.Next(lower, ref position, out var token))
        {
            tokens++;
            var word = lower.Slice(token.Start, token.Length);

            var wordBytes = Encoding.UTF8.GetMaxByteCount(word.Length) + 1;
            var rented = wordBytes > scratch.Length ? ArrayPool<byte>.Shared.Rent(wordBytes) : null;
            var buffer = rented is null ? scratch : rented.AsSpan();
            try
            {
                buffer[0] = WordNamespace;
                var wordLength = Encoding.UTF8.GetBytes(word, buffer[1..]);
                Add(native, MurmurHash3.Hash32(buffer[..(wordLength + 1)]), WordWeight);
                AddNGrams(word, native);
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return tokens;
    }

    // Character n-grams taken inside the space-padded word " word " (scikit-learn's char_wb analyzer).
    private static void AddNGrams(ReadOnlySpan<char> word, Span<float> native)
    {
        var padded = word.Length + 2;
        Span<byte> gram = stackalloc byte[1 + (MaxNGram * 3)];
        gram[0] = NGramNamespace;
        for (var n = MinNGram; n <= MaxNGram && n <= padded; n++)
        {
            for (var start = 0; start + n <= padded; start++)
            {
                var length = 1;
                for (var i = start; i < start + n; i++)
                {
                    var c = i == 0 || i == padded - 1 ? ' ' : word[i - 1];
                    length += EncodeChar(c, gram[length..]);
                }
                Add(native, MurmurHash3.Hash32(gram[..length]), NGramWeight);
            }
        }
    }

    // UTF-8 of one UTF-16 code unit; a lone surrogate becomes U+FFFD as Encoding.UTF8 would make it.
    private static int EncodeChar(char c, Span<byte> destination)
    {
        if (c < 0x80)
        {
            destination[0] = (byte)c;
            return 1;
        }
        if (c < 0x800)
        {
            destination[0] = (byte)(0xC0 | (c >> 6));
            destination[1] = (byte)(0x80 | (c & 0x3F));
            return 2;
        }
        if (char.IsSurrogate(c))
        {
            c = '\uFFFD';
        }
        destination[0] = (byte)(0xE0 | (c >> 12));
        destination[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
        destination[2] = (byte)(0x80 | (c & 0x3F));
        return 3;
    }

    private static void Add(Span<float> native, int hash, float weight) =>
        native[BucketOf(hash, native.Length)] += hash >= 0 ? weight : -weight;

    /// <summary>The bucket of a feature: <c>|hash| mod dimensions</c>.</summary>
    // |int.MinValue| overflows an int, so take the absolute value in 64 bits.
    internal static int BucketOf(int hash, int dimensions) => (int)(Math.Abs((long)hash) % dimensions);
}
