using System.Diagnostics;
using WebDemo.Embedding.Local;
using WebDemo.Processes;

namespace WebDemo.Benchmarks.Local;

/// <summary>
/// The real model on this machine, as ratios measured in one run:
/// 1. one vs two parallel workers (one ONNX Runtime thread each: .NET has no GIL, so threads are enough for CPU work),
///    one text per call and in batches;
/// 2. the API's batched strategy on the local backend, driven by wrk (200 connections × one input), against the raw
///    encoder called directly with the API's defaults (two workers, batches of 32), alternating rounds so drift on a
///    shared machine hits both. The CPU each side spent per text separates the API's own overhead from the client's.
/// Exit status 0 when both targets hold (two workers ≥ 1.7× one; the API ≥ 90 % of the encoder), 1 when one is missed.
/// Not BenchmarkDotNet: what is measured is many threads (and two more processes) at once, over seconds.
/// </summary>
public static class LocalModelBenchmark
{
    private const int Batch = 32;
    private const int Workers = 2;
    private const int Connections = 200;
    private const double WorkerTarget = 1.7;
    private const double ApiTargetPercent = 90;

    public static async Task<int> RunAsync(int seconds, int rounds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}, {seconds} s per measurement");
        using var encoder = new LocalEncoder(intraOpThreads: 1);
        encoder.Encode(EncoderThroughput.Texts[..Batch]); // warm-up

        var workerRatio = CompareWorkers(encoder, duration);
        var apiPercent = await CompareWithApiAsync(encoder, duration, rounds);

        // Rounded as printed, so that the verdict follows from the numbers a reader sees.
        var workersMet = Math.Round(workerRatio, 2) >= WorkerTarget;
        var apiMet = Math.Round(apiPercent, 1) >= ApiTargetPercent;
        Console.WriteLine($"targets: two workers ≥ {WorkerTarget}× one: {(workersMet ? "met" : "MISSED")}; API ≥ {ApiTargetPercent} % of the encoder: {(apiMet ? "met" : "MISSED")}");
        return workersMet && apiMet ? 0 : 1;
    }

    // Returns the smaller of the two ratios (one text per call, batches): the target is for both.
    private static double CompareWorkers(LocalEncoder encoder, TimeSpan duration)
    {
        var runs = new (int Workers, int Batch)[] { (1, 1), (2, 1), (1, Batch), (2, Batch) }.Select(run =>
        {
            var measured = EncoderThroughput.Measure(encoder, run.Workers, run.Batch, duration);
            Console.WriteLine($"  encoder, {run.Workers} worker(s), batch {run.Batch,2}: {measured.TextsPerSecond,5:0} texts/s  ({measured.Cores:0.00} cores, {measured.CpuMsPerText:0.00} ms CPU/text)");
            return measured.TextsPerSecond;
        }).ToArray();
        var (single, batched) = (runs[1] / runs[0], runs[3] / runs[2]);
        Console.WriteLine($"two workers ÷ one: {single:0.00}× one at a time, {batched:0.00}× in batches of {Batch}");
        return Math.Min(single, batched);
    }

    private static async Task<double> CompareWithApiAsync(LocalEncoder encoder, TimeSpan duration, int rounds)
    {
        var script = Path.Combine(Checkout.Root ?? throw new InvalidOperationException("Run from inside the checkout."), "load", "scripts", "post-local-texts.lua");
        await using var api = await ApiUnderTest.StartAsync();
        var url = new Uri(api.BaseAddress, "/embeddings/batched");
        await Wrk.RunAsync(url, Connections, TimeSpan.FromSeconds(5), script); // warm-up: tiered JIT, connections, the pool
        Console.WriteLine($"API /embeddings/batched (Backend__Kind=Local, defaults), wrk {Connections} connections × 1 input, against the encoder with {Workers} workers × batches of {Batch}:");
        var percents = new List<double>();
        var overheads = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate who goes first, so that neither side always runs on the warmer (or busier) machine.
            var direct = round % 2 == 1 ? EncoderThroughput.Measure(encoder, Workers, Batch, duration) : default;
            var (served, meanBatch) = await ThroughApiAsync(api, url, duration, script);
            if (round % 2 == 0)
            {
                direct = EncoderThroughput.Measure(encoder, Workers, Batch, duration);
            }
            percents.Add(100 * served.TextsPerSecond / direct.TextsPerSecond);
            overheads.Add(served.CpuMsPerText / direct.CpuMsPerText);
            Console.WriteLine($"  round {round}: encoder {direct.TextsPerSecond:0} texts/s ({direct.Cores:0.00} cores, {direct.CpuMsPerText:0.00} ms CPU/text); " +
                $"API {served.TextsPerSecond:0} texts/s ({served.Cores:0.00} cores, {served.CpuMsPerText:0.00} ms CPU/text, mean batch {meanBatch:0.0}) " +
                $"= {percents[^1]:0.0} % (load average {LoadAverage()})");
        }
        var percent = Median(percents);
        Console.WriteLine($"API ÷ encoder, median of {rounds} rounds: {percent:0.0} %; the API's CPU per text ÷ the encoder's: {Median(overheads):0.00}×");
        return percent;
    }

    private static async Task<(Throughput Served, double MeanBatch)> ThroughApiAsync(ApiUnderTest api, Uri url, TimeSpan duration, string script)
    {
        var (batchesBefore, inputsBefore) = await api.ModelCallsAsync();
        var cpuBefore = api.CpuTime;
        var started = Stopwatch.GetTimestamp();
        var run = await Wrk.RunAsync(url, Connections, duration, script);
        var cpu = (api.CpuTime - cpuBefore).TotalSeconds / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (batches, inputs) = await api.ModelCallsAsync();
        if (run.Errors > 0)
        {
            Console.WriteLine($"  ({run.Errors} of {run.Requests} answers were not 200; only the 200s count)");
        }
        return (new Throughput(run.OkPerSecond, cpu), (double)(inputs - inputsBefore) / Math.Max(1, batches - batchesBefore));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
