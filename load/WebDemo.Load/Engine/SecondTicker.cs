using System.Diagnostics;
using WebDemo.Load.Measurement;

namespace WebDemo.Load.Engine;

/// <summary>Once a second: the client's in-flight count and, when the server has one, its thread-pool snapshot.</summary>
/// <param name="sender">Whose outstanding requests are counted.</param>
/// <param name="sampler">Null when the server is not sampled, or only through the thread-count header.</param>
internal sealed class SecondTicker(RequestSender sender, ServerSampler? sampler)
{
    public async Task RunAsync(ScenarioRecorder recorder, CancellationToken stop)
    {
        var pending = new List<Task>();
        for (var second = 1; !stop.IsCancellationRequested; second++)
        {
            var boundary = recorder.StartTimestamp + (second * Stopwatch.Frequency);
            await Clock.DelayUntilAsync(boundary, stop);
            recorder.RecordInFlight(boundary - 1, sender.Outstanding);
            if (sampler is not null)
            {
                // Not awaited: a starved server answers late, and the next second's sample must not wait for it.
                pending.Add(sampler.SampleAsync(recorder, stop));
            }
        }
        await Task.WhenAll(pending);
    }
}
