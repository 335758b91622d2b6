using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace WebDemo.Embedding;

/// <summary>MurmurHash3_x86_32 (Austin Appleby), returned signed as scikit-learn's <c>murmurhash3_32</c> does.</summary>
public static class MurmurHash3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    public static int Hash32(ReadOnlySpan<byte> data, uint seed = 0)
    {
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            h = MixBlock(h, BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4)));
        }

        var tail = data[(blocks * 4)..];
        uint k1 = 0;
        switch (tail.Length)
        {
            case 3:
                k1 ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                k1 ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                k1 ^= tail[0];
                h = MixTail(h, k1);
                break;
        }

        return Finish(h, data.Length);
    }

    // The three steps, exposed so the embedder can hash n-grams that share their first block without re-reading bytes.

    /// <summary>Mixes one full little-endian 4-byte block into the state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MixBlock(uint h, uint k)
    {
        h ^= Scramble(k);
        h = BitOperations.RotateLeft(h, 13);
        return (h * 5) + 0xe6546b64;
    }

    /// <summary>Mixes the last 1–3 bytes (little-endian, zero-extended) into the state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MixTail(uint h, uint k) => h ^ Scramble(k);

    /// <summary>Folds in the length and avalanches: the signed hash of <paramref name="length"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Finish(uint h, int length)
    {
        h ^= (uint)length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return unchecked((int)h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Scramble(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }
}
