namespace WebDemo.Load.Engine.Transport;

/// <summary>What the engine records of one answered request.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="BodyBytes">The bytes of the answer's body (without headers and chunk framing).</param>
/// <param name="ThreadPoolThreads">The server's <c>x-threadpool-threads</c> header, or -1 when it sent none.</param>
/// <param name="CompletedAt">
/// The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the answer's last byte was read: the end of the
/// request's latency. Taken by the transport, before the code awaiting the answer runs (and, on an event loop, before
/// the loop turns to the next connection's request), so that the client's own work is not timed.
/// </param>
/// <param name="Failure">
/// Set when the request failed for a reason its status code does not show (a code scenario's own check): the error kind
/// it is counted under. Null: the status code decides (2xx/3xx ok, anything else failed).
/// </param>
public readonly record struct LoadResponse(int StatusCode, long BodyBytes, int ThreadPoolThreads, long CompletedAt, string? Failure = null);
