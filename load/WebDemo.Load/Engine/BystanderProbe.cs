using System.Diagnostics;
using WebDemo.Load.Measurement;

namespace WebDemo.Load.Engine;

/// <summary>
/// The bystander: a trivial <c>GET /health/live</c> at a fixed low rate while the scenario runs, timed from when each
/// probe was due. It is what every other user of the server sees — under a blocking strategy, seconds.
/// </summary>
internal sealed class BystanderProbe(HttpClient client, Uri uri, double ratePerSecond)
{
    /// <param name="stopIssuing">Stops new probes; probes already sent still complete and are recorded.</param>
    /// <param name="cancellationToken">Abandons everything (the run was cancelled).</param>
    public async Task RunAsync(ScenarioRecorder recorder, CancellationToken stopIssuing, CancellationToken cancellationToken)
    {
        var interval = Stopwatch.Frequency / ratePerSecond;
        var pending = new List<Task>();
        for (long index = 0; !stopIssuing.IsCancellationRequested; index++)
        {
            var intended = recorder.StartTimestamp + (long)(index * interval);
            await Clock.DelayUntilAsync(intended, stopIssuing);
            if (stopIssuing.IsCancellationRequested)
            {
                break;
            }
            // Not awaited: one stuck probe must not postpone the next (the probe is open-model too).
            pending.Add(ProbeAsync(recorder, intended, cancellationToken));
        }
        await Task.WhenAll(pending);
    }

    private async Task ProbeAsync(ScenarioRecorder recorder, long intended, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            recorder.RecordBystander(response.IsSuccessStatusCode, intended, Stopwatch.GetTimestamp());
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                recorder.RecordBystander(ok: false, intended, Stopwatch.GetTimestamp());
            }
        }
    }
}
