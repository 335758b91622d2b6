using System.Diagnostics;
using WebDemo.Embedding.Local;

namespace WebDemo.Benchmarks.Local;

/// <summary>The raw encoder, called directly: <c>workers</c> threads, each embedding <c>batch</c> texts per model call.</summary>
public static class EncoderThroughput
{
    /// <summary>~20 word-pieces each; <c>load/scripts/post-local-texts.lua</c> sends the same 256 sentences to the API.</summary>
    public static readonly string[] Texts = [.. Enumerable.Range(0, 256).Select(i =>
        $"Sentence number {i} asks how to reset a password after {i % 7} failed attempts today")];

    public static Throughput Measure(LocalEncoder encoder, int workers, int batch, TimeSpan duration)
    {
        long texts = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var threads = Enumerable.Range(0, workers).Select(worker => new Thread(() =>
        {
            for (var i = worker * batch; Stopwatch.GetTimestamp() < stopAt; i += workers * batch)
            {
                var start = i % (Texts.Length - batch + 1);
                encoder.Encode(Texts[start..(start + batch)]);
                Interlocked.Add(ref texts, batch);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return new Throughput(texts / elapsed, cpu / elapsed);
    }
}
