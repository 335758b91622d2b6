using System.Diagnostics;
using WebDemo.Load.Measurement;

namespace WebDemo.Load.Engine;

/// <summary>The closed model: N virtual users, each of which sends, waits for the response, and sends again.</summary>
internal sealed class VirtualUsers(RequestSender sender)
{
    // The latest task of each user, by index: the next step's user i waits for it.
    private readonly List<Task> _users = [];

    /// <summary>Starts the step's users; they stop by themselves at the step's end.</summary>
    public void Start(ScheduledStep step, ScenarioRecorder? recorder, CancellationToken cancellationToken)
    {
        for (var user = 0; user < Math.Max(step.Step.StartCopies, step.Step.EndCopies); user++)
        {
            var index = user;
            // User i of this step takes over from user i of the step before (or of the warm-up) once that one's
            // last request is answered: N users never have more than N requests in flight.
            var previous = index < _users.Count ? _users[index] : null;
            var next = Task.Run(async () =>
            {
                if (previous is not null)
                {
                    await previous;
                }
                await RunUserAsync(index, step, recorder, cancellationToken);
            }, CancellationToken.None);
            if (index < _users.Count)
            {
                _users[index] = next;
            }
            else
            {
                _users.Add(next);
            }
        }
    }

    private async Task RunUserAsync(int index, ScheduledStep step, ScenarioRecorder? recorder, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= step.End)
            {
                return;
            }
            if (index >= step.Step.CopiesAt(Stopwatch.GetElapsedTime(step.Start, now)))
            {
                if (step.Step.EndCopies <= step.Step.StartCopies)
                {
                    // Ramping down: once retired, this user is not wanted again in this step.
                    return;
                }
                // Ramping up: not this user's turn yet; look again shortly.
                await Task.Delay(20, CancellationToken.None);
                continue;
            }
            await sender.SendAsync(now, recorder, cancellationToken);
        }
    }
}
