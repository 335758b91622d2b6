using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using WebDemo.Embedding.Local;

namespace WebDemo.Benchmarks;

/// <summary>
/// Throughput of the real model on this machine, as ratios measured in one run: 1 vs 2 parallel workers (one ONNX
/// Runtime thread each: .NET has no GIL, so threads are enough for CPU work), one text per call vs batches, and the raw
/// encoder vs the API's batched strategy on the local backend, alternating so drift on a shared machine hits both.
/// Not BenchmarkDotNet: what is measured is many threads (and a server process) at once, over seconds.
/// </summary>
public static class LocalModelBenchmark
{
    private const int Batch = 32;
    private const int Clients = 200;
    private static readonly string[] Texts = [.. Enumerable.Range(0, 256).Select(i =>
        $"Sentence number {i} asks how to reset a password after {i % 7} failed attempts today")]; // ~20 word-pieces

    public static async Task RunAsync(int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}, {seconds} s per measurement");
        using var encoder = new LocalEncoder(intraOpThreads: 1);
        encoder.Encode(Texts[..Batch]); // warm-up
        var raw = new List<(string Name, double TextsPerSecond)>();
        foreach (var (workers, batch) in new[] { (1, 1), (2, 1), (1, Batch), (2, Batch) })
        {
            raw.Add(($"encoder, {workers} worker(s), batch {batch}", Raw(encoder, workers, batch, duration)));
            Console.WriteLine($"  {raw[^1].Name}: {raw[^1].TextsPerSecond:0} texts/s");
        }
        Console.WriteLine($"two workers ÷ one: {raw[1].TextsPerSecond / raw[0].TextsPerSecond:0.00}× one at a time, {raw[3].TextsPerSecond / raw[2].TextsPerSecond:0.00}× in batches of {Batch}");

        await using var api = await ApiUnderTest.StartAsync();
        for (var round = 1; round <= 2; round++)
        {
            var direct = Raw(encoder, 2, Batch, duration);
            var served = await ThroughApiAsync(api.BaseAddress, duration);
            Console.WriteLine($"round {round}: encoder 2 workers batch {Batch}: {direct:0} texts/s; API /embeddings/batched, {Clients} clients × 1 input: " +
                $"{served:0} texts/s = {100 * served / direct:0.0} % (load average {LoadAverage()})");
        }
    }

    private static double Raw(LocalEncoder encoder, int workers, int batch, TimeSpan duration)
    {
        long texts = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var threads = Enumerable.Range(0, workers).Select(worker => new Thread(() =>
        {
            for (var i = worker; Stopwatch.GetTimestamp() < stopAt; i += batch)
            {
                var start = i % (Texts.Length - batch);
                encoder.Encode(Texts[start..(start + batch)]);
                Interlocked.Add(ref texts, batch);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        return texts / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<double> ThroughApiAsync(Uri api, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        long ok = 0;
        using var stop = new CancellationTokenSource(duration);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            for (var i = c; !stop.IsCancellationRequested; i += Clients)
            {
                using var response = await client.PostAsJsonAsync("/embeddings/batched", new { input = Texts[i % Texts.Length] }, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref ok);
                }
            }
        }));
        return ok / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The built API (Release) with the local backend, as its own process on a free loopback port.</summary>
    private sealed class ApiUnderTest(Process process, Uri baseAddress) : IAsyncDisposable
    {
        public Uri BaseAddress => baseAddress;

        public static async Task<ApiUnderTest> StartAsync()
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "WebDemo.sln")))
            {
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run from inside the checkout.");
            }
            var dll = Path.Combine(root, "src", "WebDemo.Api", "bin", "Release", "net10.0", "WebDemo.Api.dll");
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
            listener.Stop();
            var start = new ProcessStartInfo("dotnet", [dll, "--urls", address.ToString().TrimEnd('/')]) { WorkingDirectory = Path.GetDirectoryName(dll)! };
            start.Environment["Backend__Kind"] = "Local";
            start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
            start.Environment["Embeddings__MaxInFlightInputs"] = "1024";
            var api = new ApiUnderTest(Process.Start(start)!, address);
            using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
            for (var attempt = 0; attempt < 300; attempt++)
            {
                try
                {
                    using var response = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                    if (response.IsSuccessStatusCode)
                    {
                        return api;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200);
            }
            throw new TimeoutException("The API did not become ready.");
        }

        public async ValueTask DisposeAsync()
        {
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
