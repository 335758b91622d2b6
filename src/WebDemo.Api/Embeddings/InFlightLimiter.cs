namespace WebDemo.Api.Embeddings;

/// <summary>
/// Counts inputs in flight across all requests and refuses new work beyond the limit, so an overloaded
/// server answers 429 at once instead of queueing without bound (TEI's <c>max_concurrent_requests</c>).
/// </summary>
public sealed class InFlightLimiter(int limit)
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Limit { get; } = limit;

    public bool TryAcquire(int inputs)
    {
        var cost = CostOf(inputs);
        if (Interlocked.Add(ref _inFlight, cost) <= Limit)
        {
            return true;
        }
        Interlocked.Add(ref _inFlight, -cost);
        return false;
    }

    public void Release(int inputs) => Interlocked.Add(ref _inFlight, -CostOf(inputs));

    // A request larger than the whole budget takes all of it: it runs when the server is otherwise idle
    // instead of being refused forever.
    private int CostOf(int inputs) => Math.Min(inputs, Limit);
}
