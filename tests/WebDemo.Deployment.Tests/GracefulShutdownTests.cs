using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Deployment.Tests;

/// <summary>SIGTERM — what <c>docker stop</c> sends — against a real API process with requests in flight.</summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int ShutdownTimeoutSeconds = 20;
    private const int LatencyMs = 1000;

    [Fact]
    public async Task SigTermDrainsEveryInFlightRequestRefusesNewConnectionsAndExitsZero()
    {
        await using var api = await AppProcess.StartAsync("WebDemo.Api", new Dictionary<string, string>
        {
            ["Shutdown__TimeoutSeconds"] = ShutdownTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // "Request starting" tells the test when the server has taken a request on.
            ["Serilog__MinimumLevel__Override__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            // Threads for all 25 at once, so they are in flight together: this test is about shutdown, not starvation.
            ["DOTNET_ThreadPool_ForceMinWorkerThreads"] = "64",
        });
        using var client = api.CreateClient(TimeSpan.FromSeconds(ShutdownTimeoutSeconds + 30));

        // 20 non-blocking requests (half of them through the batch queue) and 5 that block a pool thread each.
        var routes = Enumerable.Repeat("async", 10).Concat(Enumerable.Repeat("batched", 10)).Concat(Enumerable.Repeat("blocking", 5)).ToList();
        var completedAt = new ConcurrentDictionary<int, long>();
        var requests = routes.Select((route, i) => SendAsync(client, route, i, completedAt)).ToList();
        await Eventually.HoldsAsync(() => Task.FromResult(api.Output.Count(IsEmbeddingRequestStart) == routes.Count), TimeSpan.FromSeconds(30),
            () => $"every request reached the server (only {api.Output.Count(IsEmbeddingRequestStart)} of {routes.Count} did)");

        var sigTermAt = Stopwatch.GetTimestamp();
        api.SendSigTerm();
        var inFlight = routes.Where((_, i) => !completedAt.ContainsKey(i)).ToList();
        output.WriteLine($"shutdown: SIGTERM with {inFlight.Count} of {routes.Count} requests in flight " +
            $"({string.Join(", ", inFlight.CountBy(route => route).Select(group => $"{group.Value} {group.Key}"))}; " +
            $"latencyMs={LatencyMs}; shutdown timeout {ShutdownTimeoutSeconds} s)");
        Assert.Contains("blocking", inFlight);
        Assert.Contains("batched", inFlight);

        // A new connection is refused (or reset) while the drain is still going on — never left hanging.
        await Eventually.HoldsAsync(() => api.Output.Any(line => line.Contains("Stopping: new connections are refused", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the API logged that it was stopping");
        var (refusal, attempts) = await FirstRefusalAsync(api.BaseAddress);
        var inFlightAtRefusal = routes.Count - completedAt.Count;
        output.WriteLine($"shutdown: a new connection was refused ({refusal}) {Ms(sigTermAt)} ms after SIGTERM, " +
            $"attempt {attempts}, with {inFlightAtRefusal} requests still in flight");
        Assert.True(inFlightAtRefusal > 0, "Every request had finished before the listener closed; the drain was not observed.");

        var statuses = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(ShutdownTimeoutSeconds + 10));
        var lastAnswer = completedAt.Values.Max();
        output.WriteLine($"shutdown: {statuses.Count(status => status == HttpStatusCode.OK)}/{routes.Count} answered 200; " +
            $"the last {Stopwatch.GetElapsedTime(sigTermAt, lastAnswer).TotalMilliseconds:0} ms after SIGTERM");
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));

        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(ShutdownTimeoutSeconds));
        var exitedAfter = Stopwatch.GetElapsedTime(sigTermAt);
        output.WriteLine($"shutdown: process exited with code {exitCode} {exitedAfter.TotalMilliseconds:0} ms after SIGTERM (timeout {ShutdownTimeoutSeconds} s)");
        Assert.Equal(0, exitCode);
        Assert.True(exitedAfter < TimeSpan.FromSeconds(ShutdownTimeoutSeconds));

        // Logs were flushed before exit: the host's last line is there.
        var stopped = Assert.Single(api.Output, line => line.Contains("Stopped after draining", StringComparison.Ordinal));
        output.WriteLine($"shutdown: last log line: {stopped}");
        Assert.Equal(routes.Count, api.Output.Count(line => line.Contains("/embeddings/", StringComparison.Ordinal) && line.Contains("answered 200", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnOutOfRangeShutdownTimeoutStopsTheApiAtStartupNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync("WebDemo.Api",
            new Dictionary<string, string> { ["Shutdown__TimeoutSeconds"] = "0" }, startTimeout: TimeSpan.FromSeconds(30)));
        Assert.Contains("TimeoutSeconds", failure.Message, StringComparison.Ordinal);
        output.WriteLine(failure.Message.Split(Environment.NewLine).First(line => line.Contains("TimeoutSeconds", StringComparison.Ordinal)));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string route, int index, ConcurrentDictionary<int, long> completedAt)
    {
        using var content = new StringContent($$"""{"input": "request {{index}} in flight during shutdown"}""", System.Text.Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.PostAsync(new Uri($"/embeddings/{route}?latencyMs={LatencyMs}", UriKind.Relative), content);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode;
        }
        finally
        {
            completedAt[index] = Stopwatch.GetTimestamp();
        }
    }

    // Fresh connections until one is refused; any attempt that neither connects nor fails fast counts as hanging.
    private static async Task<(string Refusal, int Attempts)> FirstRefusalAsync(Uri baseAddress)
    {
        for (var attempt = 1; attempt <= 50; attempt++)
        {
            using var fresh = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(2) };
            try
            {
                using var response = await fresh.GetAsync(new Uri(baseAddress, "/health/live"));
                // Accepted just before the listener closed: it is served like any other in-flight request.
            }
            catch (HttpRequestException exception) when (SocketErrorOf(exception) is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                return (SocketErrorOf(exception).ToString()!, attempt);
            }
            catch (TaskCanceledException)
            {
                Assert.Fail($"A request sent after SIGTERM hung for {fresh.Timeout.TotalSeconds} s instead of being refused.");
            }
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException("New connections were still accepted 50 attempts after SIGTERM.");
    }

    private static SocketError? SocketErrorOf(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }
        return null;
    }

    private static bool IsEmbeddingRequestStart(string line) =>
        line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("/embeddings/", StringComparison.Ordinal);

    private static double Ms(long since) => Math.Round(Stopwatch.GetElapsedTime(since).TotalMilliseconds);
}
