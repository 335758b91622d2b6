using System.Buffers;
using System.Text;

namespace WebDemo.Embedding;

/// <summary>
/// A deterministic, offline embedder: feature hashing of tokens and their character n-grams, L2-normalised. Similar
/// texts share features, so they get a high cosine similarity; unrelated texts share almost none, so theirs is near 0.
/// </summary>
/// <remarks>
/// <para>
/// It follows scikit-learn's <c>HashingVectorizer</c> (signed MurmurHash3_x86_32 of each feature, <c>|hash| mod k</c>
/// as its bucket, <c>norm="l2"</c>), with word features plus the <c>char_wb</c> analyzer's 3–5-grams of each
/// space-padded token. <c>ReferenceEmbedder</c> in the tests is that specification written plainly; this class must
/// match it bit for bit. Where it differs from scikit-learn's defaults, so that every text with a non-whitespace
/// character gets a unit vector:
/// </para>
/// <list type="bullet">
/// <item>Tokens are BERT-style (see <see cref="Tokenizer"/>): <c>\w+</c> runs of any length and every other
/// non-whitespace character alone, instead of <c>(?u)\b\w\w+\b</c>, which gives "I", "!" and "🙂" no features.</item>
/// <item>A vector of k dimensions hashes into k buckets (as <c>n_features=k</c> would), instead of keeping the first k
/// of the default 384 buckets, which leaves a short text's few features outside them.</item>
/// <item>If the signed features cancel out in every bucket (possible when k is tiny), the unsigned counts are used
/// (<c>alternate_sign=False</c>), so a text with features never gets the zero vector.</item>
/// <item>N-grams are counted in code points, as on Python's <c>str</c>; an emoji is one character.</item>
/// </list>
/// <para>
/// Thread-safe and allocation-free: every buffer is a stack span or rented from <see cref="ArrayPool{T}"/>. Never uses
/// .NET's string hash code, which is randomised per process.
/// </para>
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

    /// <summary>The size of every vector this embedder computes unless asked for fewer: the largest it hands out.</summary>
    public int Dimensions { get; }

    /// <summary>Counts tokens (see <see cref="Tokenizer"/>), the unit of <c>usage.prompt_tokens</c>.</summary>
    public static int CountTokens(ReadOnlySpan<char> text)
    {
        var count = 0;
        var position = 0;
        while (Tokenizer.Next(text, ref position, out _))
        {
            count++;
        }
        return count;
    }

    /// <summary>
    /// Embeds <paramref name="text"/> into <paramref name="destination"/>, whose length (1 to <see cref="Dimensions"/>)
    /// is the number of hash buckets. A text of whitespace only has no tokens and gets the zero vector.
    /// </summary>
    /// <returns>The number of tokens in the text.</returns>
    public int Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length is 0 || destination.Length > Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), destination.Length, $"Length must be between 1 and {Dimensions}.");
        }

        var buckets = new Buckets(destination, signed: true);
        var tokens = Accumulate(text, in buckets);
        if (tokens > 0 && buckets.AllZero)
        {
            buckets = new Buckets(destination, signed: false);
            Accumulate(text, in buckets);
        }
        VectorMath.Normalize(destination, destination);
        return tokens;
    }

    /// <summary>Convenience overload that allocates the result.</summary>
    public float[] Embed(string text, int? dimensions = null)
    {
        var vector = new float[dimensions ?? Dimensions];
        Embed(text, vector);
        return vector;
    }

    private static int Accumulate(ReadOnlySpan<char> text, in Buckets buckets) =>
        Ascii.IsValid(text) ? AccumulateAscii(text, in buckets) : AccumulateAnyText(text, in buckets);

    // ASCII text (most text): one vectorised pass lower-cases the whole text straight into bytes, one byte per character,
    // and the byte on either side of each token (a neighbour, or one of two spare bytes at the ends) becomes its
    // padding, so no token is copied. The neighbours are put back afterwards: the next token may be one of them.
    private static int AccumulateAscii(ReadOnlySpan<char> text, in Buckets buckets)
    {
        var rented = text.Length + 2 > StackLimit ? ArrayPool<byte>.Shared.Rent(text.Length + 2) : null;
        var buffer = rented is null ? stackalloc byte[text.Length + 2] : rented.AsSpan(0, text.Length + 2);
        try
        {
            Ascii.ToLower(text, buffer[1..^1], out _);
            var tokens = 0;
            var position = 1;
            while (Tokenizer.NextAscii(buffer[..^1], ref position, out var token))
            {
                tokens++;
                var padded = buffer.Slice(token.Start - 1, token.Length + 2);
                var (before, after) = (padded[0], padded[^1]);
                padded[0] = WordNamespace;
                buckets.Add(MurmurHash3.Hash32(padded[..^1]), WordWeight);
                padded[0] = (byte)' ';
                padded[^1] = (byte)' ';
                AddAsciiNGrams(padded, in buckets);
                (padded[0], padded[^1]) = (before, after);
            }
            return tokens;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Any other text: lower-cased as UTF-16, then each token encoded to UTF-8 into a padded buffer of its own.
    private static int AccumulateAnyText(ReadOnlySpan<char> text, in Buckets buckets)
    {
        var rentedLower = text.Length > StackLimit ? ArrayPool<char>.Shared.Rent(text.Length) : null;
        var lower = rentedLower is null ? stackalloc char[text.Length] : rentedLower.AsSpan(0, text.Length);
        Span<byte> stackBuffer = stackalloc byte[StackLimit];
        try
        {
            text.ToLowerInvariant(lower);
            var tokens = 0;
            var position = 0;
            while (Tokenizer.Next(lower, ref position, out var token))
            {
                tokens++;
                AddToken(lower.Slice(token.Start, token.Length), stackBuffer, in buckets);
            }
            return tokens;
        }
        finally
        {
            if (rentedLower is not null) ArrayPool<char>.Shared.Return(rentedLower);
        }
    }

    private static void AddToken(ReadOnlySpan<char> token, Span<byte> stackBuffer, in Buckets buckets)
    {
        // " token " in UTF-8: at most 3 bytes per UTF-16 code unit (a surrogate pair is 4 bytes for 2 units).
        var size = (token.Length * 3) + 2;
        var rented = size > stackBuffer.Length ? ArrayPool<byte>.Shared.Rent(size) : null;
        var padded = rented is null ? stackBuffer : rented.AsSpan();
        try
        {
            // Most words of a non-ASCII text are still ASCII, and the ASCII encoder is much cheaper per call.
            var tokenBytes = Ascii.FromUtf16(token, padded[1..], out var asciiBytes) == OperationStatus.Done
                ? asciiBytes
                : Encoding.UTF8.GetBytes(token, padded[1..]);

            // The word feature is 'w' + the token's bytes: the namespace byte goes where the leading space will.
            padded[0] = WordNamespace;
            buckets.Add(MurmurHash3.Hash32(padded[..(tokenBytes + 1)]), WordWeight);

            padded[0] = (byte)' ';
            padded[tokenBytes + 1] = (byte)' ';
            padded = padded[..(tokenBytes + 2)];
            if (tokenBytes == token.Length)
            {
                AddAsciiNGrams(padded, in buckets);
            }
            else if (char.IsHighSurrogate(token[0]))
            {
                // One code point (words hold no surrogates): " 🙂 " is its only n-gram.
                AddNGram(padded, stackalloc byte[padded.Length + 1], in buckets);
            }
            else
            {
                AddNGrams(token, padded, in buckets);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Character n-grams of 3–5 taken inside the space-padded token " token " (scikit-learn's char_wb analyzer), each
    // hashed as 'c' + its UTF-8 bytes. The order features are added in does not matter: sums of ±1 and ±0.5 are exact.
    //
    // ASCII fast path: one byte per character, so the three n-grams starting at a position ('c' + 3, 4 or 5 bytes)
    // share MurmurHash3's first 4-byte block ('c' + 3 bytes). Mix it once, then finish it three ways.
    private static void AddAsciiNGrams(ReadOnlySpan<byte> padded, in Buckets buckets)
    {
        for (var start = 0; start + 3 <= padded.Length; start++)
        {
            var block = NGramNamespace | ((uint)padded[start] << 8) | ((uint)padded[start + 1] << 16) | ((uint)padded[start + 2] << 24);
            var h = MurmurHash3.MixBlock(0, block);
            buckets.Add(MurmurHash3.Finish(h, 4), NGramWeight);
            if (start + 4 <= padded.Length)
            {
                uint fourth = padded[start + 3];
                buckets.Add(MurmurHash3.Finish(MurmurHash3.MixTail(h, fourth), 5), NGramWeight);
                if (start + 5 <= padded.Length)
                {
                    var tail = fourth | ((uint)padded[start + 4] << 8);
                    buckets.Add(MurmurHash3.Finish(MurmurHash3.MixTail(h, tail), 6), NGramWeight);
                }
            }
        }
    }

    // Any other token without surrogates: an n-gram is a run of 3–5 characters, i.e. a slice of 3–15 bytes of the
    // padded UTF-8.
    private static void AddNGrams(ReadOnlySpan<char> token, ReadOnlySpan<byte> padded, in Buckets buckets)
    {
        Span<byte> feature = stackalloc byte[1 + (MaxNGram * 3)];
        var characters = token.Length + 2;
        var startByte = 0;
        for (var start = 0; start + MinNGram <= characters; start++)
        {
            var endByte = startByte;
            for (var n = 1; n <= MaxNGram && start + n <= characters; n++)
            {
                endByte += Utf8Length(PaddedCharAt(token, start + n - 1));
                if (n >= MinNGram)
                {
                    AddNGram(padded[startByte..endByte], feature, in buckets);
                }
            }
            startByte += Utf8Length(PaddedCharAt(token, start));
        }
    }

    private static void AddNGram(ReadOnlySpan<byte> gram, Span<byte> feature, in Buckets buckets)
    {
        feature[0] = NGramNamespace;
        gram.CopyTo(feature[1..]);
        buckets.Add(MurmurHash3.Hash32(feature[..(gram.Length + 1)]), NGramWeight);
    }

    private static char PaddedCharAt(ReadOnlySpan<char> token, int index) =>
        index == 0 || index == token.Length + 1 ? ' ' : token[index - 1];

    // Called only for tokens without surrogates, so each character is one UTF-8 sequence of 1–3 bytes (a lone
    // surrogate is encoded as U+FFFD, 3 bytes, which is what 0xD800–0xDFFF ≥ 0x800 gives).
    private static int Utf8Length(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : 3;

    /// <summary>The bucket of a feature: <c>|hash| mod dimensions</c>, where |int.MinValue| is 2^31.</summary>
    internal static int BucketOf(int hash, int dimensions) =>
        Buckets.BucketOf(hash, (uint)dimensions, Buckets.FastModMultiplier((uint)dimensions));

    /// <summary>
    /// Where features land: each adds its weight, signed by its hash (or unsigned), to bucket <c>|hash| mod k</c>.
    /// The sums start at zero and stay exact: they are multiples of 0.5 far below 2^24.
    /// </summary>
    private readonly ref struct Buckets
    {
        private readonly Span<float> _sums;
        private readonly uint _count;
        private readonly ulong _multiplier;
        private readonly int _signBit;

        public Buckets(Span<float> sums, bool signed)
        {
            sums.Clear();
            _sums = sums;
            _count = (uint)sums.Length;
            _multiplier = FastModMultiplier(_count);
            _signBit = signed ? int.MinValue : 0;
        }

        public bool AllZero => !_sums.ContainsAnyExcept(0f);

        // The hash's sign bit, kept or masked off, becomes the weight's: no branch per feature.
        public void Add(int hash, float weight) =>
            _sums[BucketOf(hash, _count, _multiplier)] += BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(weight) ^ (hash & _signBit));

        // |hash| in unsigned 32-bit arithmetic (0 - (uint)int.MinValue is exactly 2^31), then Lemire's fastmod, as
        // .NET's Dictionary does: a multiply instead of a hardware division per feature. Valid for divisors ≤ int.MaxValue.
        public static int BucketOf(int hash, uint count, ulong multiplier)
        {
            var magnitude = hash >= 0 ? (uint)hash : 0u - (uint)hash;
            return (int)(((((multiplier * magnitude) >> 32) + 1) * count) >> 32);
        }

        public static ulong FastModMultiplier(uint divisor) => (ulong.MaxValue / divisor) + 1;
    }
}
