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
/// <see cref="ArrayPool{T}"/>. Never uses .NET's string hash code, which is randomised per process.
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
    // The accumulator lives on the stack up to 4 KB (1,024 dimensions), so the default 384 never touches the pool.
    private const int StackDimensions = 1024;
    private readonly ulong _bucketMultiplier;

    public HashingEmbedder(int dimensions = DefaultDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
        _bucketMultiplier = FastModMultiplier((uint)dimensions);
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

        var rentedNative = Dimensions > StackDimensions ? ArrayPool<float>.Shared.Rent(Dimensions) : null;
        var native = rentedNative is null ? stackalloc float[Dimensions] : rentedNative.AsSpan(0, Dimensions);
        try
        {
            if (rentedNative is not null)
            {
                native.Clear(); // stackalloc memory is already zeroed; pooled memory is not
            }
            var tokens = Ascii.IsValid(text) ? AccumulateAscii(text, native) : AccumulateAnyText(text, native);

            // Truncating to fewer dimensions (as OpenAI's "dimensions" does) and renormalising keeps vectors unit-length.
            VectorMath.Normalize(native[..destination.Length], destination);
            return tokens;
        }
        finally
        {
            if (rentedNative is not null) ArrayPool<float>.Shared.Return(rentedNative);
        }
    }

    /// <summary>Convenience overload that allocates the result.</summary>
    public float[] Embed(string text, int? dimensions = null)
    {
        var vector = new float[dimensions ?? Dimensions];
        Embed(text, vector);
        return vector;
    }

    // ASCII text (most text): one vectorised pass lower-cases the whole text straight into bytes, one byte per character,
    // and the byte on either side of each word (a separator, or one of two spare bytes at the ends) becomes its padding,
    // so no word is copied. Overwriting a separator with ' ' is safe: both are non-word characters to the tokenizer.
    private int AccumulateAscii(ReadOnlySpan<char> text, Span<float> native)
    {
        var rented = text.Length + 2 > StackLimit ? ArrayPool<byte>.Shared.Rent(text.Length + 2) : null;
        var buffer = rented is null ? stackalloc byte[text.Length + 2] : rented.AsSpan(0, text.Length + 2);
        try
        {
            Ascii.ToLower(text, buffer[1..^1], out _);
            var tokens = 0;
            var position = 1;
            while (WordTokenizer.NextAscii(buffer[..^1], ref position, out var token))
            {
                tokens++;
                var padded = buffer.Slice(token.Start - 1, token.Length + 2);
                padded[0] = WordNamespace;
                Add(native, MurmurHash3.Hash32(padded[..^1]), WordWeight);
                padded[0] = (byte)' ';
                padded[^1] = (byte)' ';
                AddAsciiNGrams(padded, native);
            }
            return tokens;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Any other text: lower-cased as UTF-16, then each word encoded to UTF-8 into a padded buffer of its own.
    private int AccumulateAnyText(ReadOnlySpan<char> text, Span<float> native)
    {
        var rentedLower = text.Length > StackLimit ? ArrayPool<char>.Shared.Rent(text.Length) : null;
        var lower = rentedLower is null ? stackalloc char[text.Length] : rentedLower.AsSpan(0, text.Length);
        Span<byte> stackBuffer = stackalloc byte[StackLimit];
        try
        {
            text.ToLowerInvariant(lower);
            var tokens = 0;
            var position = 0;
            while (WordTokenizer.Next(lower, ref position, out var token))
            {
                tokens++;
                AddWord(lower.Slice(token.Start, token.Length), stackBuffer, native);
            }
            return tokens;
        }
        finally
        {
            if (rentedLower is not null) ArrayPool<char>.Shared.Return(rentedLower);
        }
    }

    private void AddWord(ReadOnlySpan<char> word, Span<byte> stackBuffer, Span<float> native)
    {
        // " word " in UTF-8: at most 3 bytes per character, since surrogates are never word characters.
        var size = (word.Length * 3) + 2;
        var rented = size > stackBuffer.Length ? ArrayPool<byte>.Shared.Rent(size) : null;
        var padded = rented is null ? stackBuffer : rented.AsSpan();
        try
        {
            // Most words of a non-ASCII text are still ASCII, and the ASCII encoder is much cheaper per call.
            var wordBytes = Ascii.FromUtf16(word, padded[1..], out var asciiBytes) == OperationStatus.Done
                ? asciiBytes
                : Encoding.UTF8.GetBytes(word, padded[1..]);

            // The word feature is 'w' + the word's bytes: the namespace byte goes where the leading space will.
            padded[0] = WordNamespace;
            Add(native, MurmurHash3.Hash32(padded[..(wordBytes + 1)]), WordWeight);

            padded[0] = (byte)' ';
            padded[wordBytes + 1] = (byte)' ';
            if (wordBytes == word.Length)
            {
                AddAsciiNGrams(padded[..(wordBytes + 2)], native);
            }
            else
            {
                AddNGrams(word, padded[..(wordBytes + 2)], native);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Character n-grams of 3–5 taken inside the space-padded word " word " (scikit-learn's char_wb analyzer), each
    // hashed as 'c' + its UTF-8 bytes. The order features are added in does not matter: sums of ±1 and ±0.5 are exact.
    //
    // ASCII fast path: one byte per character, so the three n-grams starting at a position ('c' + 3, 4 or 5 bytes)
    // share MurmurHash3's first 4-byte block ('c' + 3 bytes). Mix it once, then finish it three ways.
    private void AddAsciiNGrams(ReadOnlySpan<byte> padded, Span<float> native)
    {
        for (var start = 0; start + 3 <= padded.Length; start++)
        {
            var block = NGramNamespace | ((uint)padded[start] << 8) | ((uint)padded[start + 1] << 16) | ((uint)padded[start + 2] << 24);
            var h = MurmurHash3.MixBlock(0, block);
            Add(native, MurmurHash3.Finish(h, 4), NGramWeight);
            if (start + 4 <= padded.Length)
            {
                uint fourth = padded[start + 3];
                Add(native, MurmurHash3.Finish(MurmurHash3.MixTail(h, fourth), 5), NGramWeight);
                if (start + 5 <= padded.Length)
                {
                    var tail = fourth | ((uint)padded[start + 4] << 8);
                    Add(native, MurmurHash3.Finish(MurmurHash3.MixTail(h, tail), 6), NGramWeight);
                }
            }
        }
    }

    // Any other word: an n-gram is a run of 3–5 characters, i.e. a slice of 3–15 bytes of the padded UTF-8.
    private void AddNGrams(ReadOnlySpan<char> word, ReadOnlySpan<byte> padded, Span<float> native)
    {
        Span<byte> gram = stackalloc byte[1 + (MaxNGram * 3)];
        gram[0] = NGramNamespace;
        var characters = word.Length + 2;
        var startByte = 0;
        for (var start = 0; start + MinNGram <= characters; start++)
        {
            var endByte = startByte;
            for (var n = 1; n <= MaxNGram && start + n <= characters; n++)
            {
                endByte += Utf8Length(PaddedCharAt(word, start + n - 1));
                if (n >= MinNGram)
                {
                    var length = endByte - startByte;
                    padded.Slice(startByte, length).CopyTo(gram[1..]);
                    Add(native, MurmurHash3.Hash32(gram[..(length + 1)]), NGramWeight);
                }
            }
            startByte += Utf8Length(PaddedCharAt(word, start));
        }
    }

    private static char PaddedCharAt(ReadOnlySpan<char> word, int index) =>
        index == 0 || index == word.Length + 1 ? ' ' : word[index - 1];

    // Word characters are never surrogates, so each is one UTF-8 sequence of 1–3 bytes.
    private static int Utf8Length(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : 3;

    private void Add(Span<float> native, int hash, float weight) =>
        native[BucketOf(hash, (uint)Dimensions, _bucketMultiplier)] += hash >= 0 ? weight : -weight;

    /// <summary>The bucket of a feature: <c>|hash| mod dimensions</c>, where |int.MinValue| is 2^31.</summary>
    internal static int BucketOf(int hash, int dimensions) =>
        BucketOf(hash, (uint)dimensions, FastModMultiplier((uint)dimensions));

    // |hash| in unsigned 32-bit arithmetic (0 - (uint)int.MinValue is exactly 2^31), then Lemire's fastmod, as
    // .NET's Dictionary does: a multiply instead of a hardware division per feature. Valid for divisors ≤ int.MaxValue.
    private static int BucketOf(int hash, uint dimensions, ulong multiplier)
    {
        var magnitude = hash >= 0 ? (uint)hash : 0u - (uint)hash;
        return (int)(((((multiplier * magnitude) >> 32) + 1) * dimensions) >> 32);
    }

    private static ulong FastModMultiplier(uint divisor) => (ulong.MaxValue / divisor) + 1;
}
