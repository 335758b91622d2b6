namespace WebDemo.Load.Engine.Transport;

/// <summary>One keep-alive HTTP/1.1 connection of <see cref="Http1Transport"/>: writes a request, then reads its answer to the last byte.</summary>
internal interface IHttp1Connection : IDisposable
{
    /// <summary>The event loop whose thread completes this connection's answers (0 where there are none): its idle queue.</summary>
    int Loop { get; }

    /// <summary>Whether the last answer left the connection fit for the next request.</summary>
    bool KeepAlive { get; }

    /// <summary>Whether any byte of the last answer arrived (a failure before that may be retried on another connection).</summary>
    bool ReceivedAny { get; }

    /// <summary>Sends <paramref name="request"/> and completes once its whole answer has been read.</summary>
    ValueTask<LoadResponse> ExchangeAsync(ReadOnlyMemory<byte> request, bool isHead, CancellationToken cancellationToken);
}
