using System.Buffers;

namespace WebDemo.Api.Embeddings;

/// <summary>
/// The floats of one backend call's vectors, rented from <see cref="ArrayPool{T}.Shared"/> and given back once every
/// answer that reads them has been written (<see cref="EmbeddingOk"/> releases it). A request's vectors are the largest
/// thing it allocates (384 floats, 1.5 KB, each); renting them takes that off every request's bill.
/// </summary>
/// <remarks>
/// One batch's call serves several requests from one buffer, so the buffer counts its readers and returns to the pool
/// when the last one releases it. A reader that never releases (its client left before the answer was written) only
/// means this array is collected instead of reused: the pool hands out a new one.
/// </remarks>
public sealed class VectorBuffer
{
    private readonly float[] _array;
    private readonly int _length;
    private int _readers = 1;

    private VectorBuffer(int length)
    {
        _array = ArrayPool<float>.Shared.Rent(length);
        _length = length;
    }

    /// <summary>A buffer of <paramref name="length"/> floats with one reader, the caller; its contents are not cleared.</summary>
    public static VectorBuffer Rent(int length) => new(length);

    public Memory<float> Memory => _array.AsMemory(0, _length);

    /// <summary>Adds readers: the requests of a batch that share this call's vectors beyond the first.</summary>
    public void Share(int additionalReaders) => Interlocked.Add(ref _readers, additionalReaders);

    /// <summary>This reader is done with the vectors; the last one gives the array back to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _readers);
        if (left == 0)
        {
            ArrayPool<float>.Shared.Return(_array);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("The vector buffer was released more often than it was shared.");
        }
    }
}
