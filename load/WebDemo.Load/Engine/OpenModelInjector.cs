using WebDemo.Embedding.Threading;
using WebDemo.Load.Measurement;

namespace WebDemo.Load.Engine;

/// <summary>
/// The open model: every request starts when it is due, however many are still waiting for answers, and is timed from
/// when it was due (no coordinated omission).
/// </summary>
internal sealed class OpenModelInjector(RequestSender sender, int maxOutstanding)
{
    /// <summary>Injects the step's requests on their schedule; completes at the step's end.</summary>
    // The injector owns a thread so that its timing never depends on the thread pool it is measuring against.
    public Task RunAsync(ScheduledStep step, ScenarioRecorder? recorder, CancellationToken cancellationToken) =>
        DedicatedThread.Start("load-injector", () => Inject(step, recorder, cancellationToken));

    private void Inject(ScheduledStep step, ScenarioRecorder? recorder, CancellationToken cancellationToken)
    {
        var total = step.Step.ScheduledRequests;
        for (long index = 0; index < total && !cancellationToken.IsCancellationRequested; index++)
        {
            var intended = step.Start + Clock.Ticks(step.Step.IntendedStartOf(index));
            Clock.WaitUntil(intended, cancellationToken);
            if (sender.Outstanding >= maxOutstanding)
            {
                recorder?.RecordDropped(intended);
                continue;
            }
            // Runs synchronously up to the socket write, then returns: the schedule never waits for a response.
            _ = sender.SendAsync(intended, recorder, cancellationToken);
        }
        Clock.WaitUntil(step.End, cancellationToken);
    }
}
