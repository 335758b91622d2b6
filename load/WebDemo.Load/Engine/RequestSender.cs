using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using WebDemo.Load.Engine.Transport;
using WebDemo.Load.Measurement;

namespace WebDemo.Load.Engine;

/// <summary>
/// Sends one request of the load through the transport, under the request timeout, and records how it ended; counts
/// the requests still outstanding. Both load models send through it.
/// </summary>
internal sealed class RequestSender(ILoadTransport transport, TimeSpan requestTimeout, int bodyLength) : IDisposable
{
    private readonly ConcurrentQueue<CancellationTokenSource> _timeouts = new();
    private long _outstanding;
    private volatile bool _captureThreadHeader;

    public long Outstanding => Volatile.Read(ref _outstanding);

    public string ClientName => transport.ClientName;

    /// <summary>Records the <c>x-threadpool-threads</c> header of every response (for servers without <c>/diagnostics/threadpool</c>).</summary>
    public bool CaptureThreadHeader
    {
        get => _captureThreadHeader;
        set => _captureThreadHeader = value;
    }

    /// <summary>Closes the load's connections.</summary>
    public void Dispose() => transport.Dispose();

    /// <summary>Sends one request and records it; never throws.</summary>
    /// <remarks>
    /// The run's own cancellation is not linked in (that would allocate per request): a cancelled run stops sending
    /// and stops waiting, and the requests still out end with their timeout.
    /// </remarks>
    public async Task SendAsync(long intendedStart, ScenarioRecorder? recorder, CancellationToken runCancellation)
    {
        Interlocked.Increment(ref _outstanding);
        var timeout = RentTimeout();
        var actualStart = Stopwatch.GetTimestamp(); // the request goes out now: the client's own set-up is not timed
        try
        {
            var response = await transport.SendAsync(timeout.Token);
            if (recorder is not null)
            {
                Record(response, intendedStart, actualStart, recorder);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException
            or SocketException or InvalidDataException)
        {
            var kind = exception is OperationCanceledException && runCancellation.IsCancellationRequested ? ErrorKinds.Cancelled
                : ErrorKinds.Classify(exception, CancellationToken.None);
            recorder?.RecordFailure(kind, intendedStart, actualStart, Stopwatch.GetTimestamp());
        }
        finally
        {
            ReturnTimeout(timeout);
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private void Record(in LoadResponse response, long intendedStart, long actualStart, ScenarioRecorder recorder)
    {
        var end = response.CompletedAt;
        if (response.Failure is { } failure)
        {
            recorder.RecordFailure(failure, intendedStart, actualStart, end);
        }
        else
        {
            recorder.RecordResponse(response.StatusCode, intendedStart, actualStart, end, bodyLength, response.BodyBytes);
        }
        if (_captureThreadHeader && response.ThreadPoolThreads >= 0)
        {
            recorder.RecordThreadHeader(end, response.ThreadPoolThreads);
        }
    }

    // Timeouts are pooled: a CancellationTokenSource that did not fire resets and serves the next request.
    private CancellationTokenSource RentTimeout()
    {
        if (!_timeouts.TryDequeue(out var timeout))
        {
            timeout = new CancellationTokenSource();
        }
        timeout.CancelAfter(requestTimeout);
        return timeout;
    }

    private void ReturnTimeout(CancellationTokenSource timeout)
    {
        if (timeout.TryReset())
        {
            _timeouts.Enqueue(timeout);
        }
        else
        {
            timeout.Dispose();
        }
    }
}
