using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WebDemo.Load.Tests.Transport;

/// <summary>
/// A TCP server on a loopback port that, for each request it reads (up to its blank line), writes
/// <c>answer</c> in pieces of <c>bytesPerWrite</c> bytes; null never answers.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly byte[]? _answer;
    private readonly int _bytesPerWrite;
    private readonly int _answers;
    private readonly bool _closeAfterEachAnswer;
    private readonly bool _readBody;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _connectionCount;

    private ScriptedServer(string? answer, int bytesPerWrite, int answers, bool closeAfterEachAnswer, bool readBody)
    {
        _readBody = readBody;
        _answer = answer is null ? null : Encoding.ASCII.GetBytes(answer);
        _bytesPerWrite = bytesPerWrite;
        _answers = answers;
        _closeAfterEachAnswer = closeAfterEachAnswer;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/test");
        _accepting = AcceptAsync();
    }

    public Uri Uri { get; }

    public int Connections => Volatile.Read(ref _connectionCount);

    public List<string> Requests { get; } = [];

    /// <summary>The body bytes of each request, when the server reads bodies (<c>readBody</c>) before it answers.</summary>
    public List<long> BodyBytes { get; } = [];

    public static ScriptedServer Start(
        string? answer, int bytesPerWrite = int.MaxValue, int answers = 1, bool closeAfterEachAnswer = false, bool readBody = false) =>
        new(answer, bytesPerWrite, answers, closeAfterEachAnswer, readBody);

    public Task AllClosedAsync()
    {
        lock (_connections)
        {
            return Task.WhenAll(_connections);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var answered = 0;
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connectionCount);
            lock (_connections)
            {
                _connections.Add(ServeAsync(client, () => Interlocked.Increment(ref answered) <= _answers));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, Func<bool> mayAnswer)
    {
        using var _ = client;
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = received.ToString();
                if (!text.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    continue;
                }
                var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
                lock (Requests)
                {
                    Requests.Add(text[..headEnd]);
                }
                received.Clear();
                if (_readBody)
                {
                    await ReadBodyAsync(stream, text, headEnd, buffer);
                }
                if (_answer is null || !mayAnswer())
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                for (var offset = 0; offset < _answer!.Length; offset += _bytesPerWrite)
                {
                    await stream.WriteAsync(_answer.AsMemory(offset, Math.Min(_bytesPerWrite, _answer.Length - offset)), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
                if (_closeAfterEachAnswer)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
        {
            // the test is over, or the client went away
        }
    }

    /// <summary>Reads the rest of a request's Content-Length body, in small reads, as a slow server would.</summary>
    private async Task ReadBodyAsync(NetworkStream stream, string received, int headEnd, byte[] buffer)
    {
        var header = received[..headEnd].Split("\r\n").Single(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = long.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        long read = received.Length - headEnd;
        while (read < length)
        {
            var count = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - read)), _stop.Token);
            if (count == 0)
            {
                break;
            }
            read += count;
        }
        lock (BodyBytes)
        {
            BodyBytes.Add(read);
        }
    }
}
