using System.Net.Sockets;

namespace WebDemo.Load.Engine;

/// <summary>Names a failed request by what went wrong: <c>timeout</c>, <c>connection-refused</c>, <c>connection-reset</c>, ...</summary>
public static class ErrorKinds
{
    public const string Timeout = "timeout";
    public const string ConnectionRefused = "connection-refused";
    public const string ConnectionReset = "connection-reset";
    public const string Cancelled = "cancelled";
    public const string Protocol = "protocol-error";

    public static string Classify(Exception exception, CancellationToken runCancellation)
    {
        if (exception is OperationCanceledException)
        {
            return runCancellation.IsCancellationRequested ? Cancelled : Timeout;
        }
        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => ConnectionRefused,
                SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => ConnectionReset,
                SocketError.TimedOut => Timeout,
                _ => "socket-" + socket.SocketErrorCode.ToString().ToLowerInvariant(),
            };
        }
        if (exception is InvalidDataException)
        {
            return Protocol; // the answer was not well-formed HTTP/1.1
        }
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } || Find<IOException>(exception) is not null)
        {
            return ConnectionReset;
        }
        return exception is HttpRequestException http
            ? "http-error-" + http.HttpRequestError.ToString().ToLowerInvariant()
            : exception.GetType().Name;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }
        return null;
    }
}
