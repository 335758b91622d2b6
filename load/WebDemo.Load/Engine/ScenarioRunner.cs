using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using WebDemo.Load.Engine.Transport;
using WebDemo.Load.Measurement;
using WebDemo.Load.Results;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Engine;

/// <summary>
/// Runs one scenario: the warm-up (measured nowhere), then the simulations with the bystander probe and the server
/// sampler alongside, then waits for the last responses. Open-model steps inject from a dedicated thread on a fixed
/// schedule and time each request from when it was *due* (no coordinated omission); closed-model steps run N virtual
/// users that each send, wait, and send again.
/// </summary>
public sealed class ScenarioRunner : IDisposable
{
    private readonly ScenarioSettings _settings;
    private readonly ILoadTransport _transport;
    private readonly HttpClient _sideClient;
    private readonly ConcurrentQueue<CancellationTokenSource> _timeouts = new();
    private readonly List<Task> _virtualUsers = [];
    private long _outstanding;
    private volatile bool _captureThreadHeader;
    private volatile ScenarioRecorder? _recorder;
    private long _phaseStart = Stopwatch.GetTimestamp();

    /// <param name="settings">The scenario; the load's transport (<see cref="LoadTransport.Create"/>) is made from it.</param>
    /// <param name="sideClient">A separate client for the bystander probe and the server sampler, so they never queue behind the load.</param>
    public ScenarioRunner(ScenarioSettings settings, HttpClient sideClient)
        : this(settings, LoadTransport.Create(settings), sideClient)
    {
    }

    /// <param name="settings">The scenario's load, timeouts, thresholds and probes (its path, method and body are the transport's business).</param>
    /// <param name="transport">What sends one request: a fixed request over raw HTTP/1.1 or HttpClient, or a code scenario's function.</param>
    /// <param name="sideClient">A separate client for the bystander probe and the server sampler.</param>
    public ScenarioRunner(ScenarioSettings settings, ILoadTransport transport, HttpClient sideClient)
    {
        _settings = settings;
        _sideClient = sideClient;
        _transport = transport;
    }

    /// <summary>Closes the load's connections.</summary>
    public void Dispose() => _transport.Dispose();

    public ScenarioSettings Settings => _settings;

    public RunPhase Phase { get; private set; } = RunPhase.Starting;

    public long Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>A snapshot for the live console.</summary>
    public LiveStatus Status()
    {
        var now = Stopwatch.GetTimestamp();
        var recorder = _recorder;
        var length = Phase == RunPhase.WarmUp ? _settings.WarmUp : _settings.Plan.Duration;
        var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref _phaseStart), now);
        if (recorder is null || Phase == RunPhase.WarmUp)
        {
            return new LiveStatus(Phase, elapsed, length, 0, 0, 0, 0, Outstanding, 0, 0, 0, null);
        }
        var rps = recorder.LastFullSecond(now);
        return new LiveStatus(Phase, elapsed, length, recorder.Ok, recorder.Failed, recorder.Dropped, recorder.ErrorCount, Outstanding,
            rps, recorder.Latency.ValueAtPercentile(50), recorder.Latency.ValueAtPercentile(99), recorder.LatestServer);
    }

    public async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        var sampler = new ServerSampler(_sideClient, _settings.Target);
        var configuration = await ServerConfigurationReader.ReadAsync(_sideClient, _settings.Target, cancellationToken);
        if (_settings.SampleServer && !await sampler.IsAvailableAsync(cancellationToken))
        {
            // No /diagnostics/threadpool on this server: fall back to the thread count the embedding responses carry.
            _captureThreadHeader = true;
        }

        if (_settings.WarmUp > TimeSpan.Zero)
        {
            StartPhase(RunPhase.WarmUp);
            await ExecuteAsync(_settings.Plan.Truncate(_settings.WarmUp), recorder: null, cancellationToken);
        }

        var loadLength = _settings.Plan.Duration;
        var drainLimit = _settings.RequestTimeout + TimeSpan.FromSeconds(2);
        var recorder = new ScenarioRecorder(Stopwatch.GetTimestamp(), loadLength + drainLimit)
        {
            ServerSource = !_settings.SampleServer ? "none" : _captureThreadHeader ? "header" : "diagnostics",
        };
        _recorder = recorder;
        StartPhase(RunPhase.Running);

        using var stopProbing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var bystander = _settings.BystanderRate > 0
            ? new BystanderProbe(_sideClient, new Uri(_settings.Target, _settings.BystanderPath), _settings.BystanderRate)
                .RunAsync(recorder, stopProbing.Token, cancellationToken)
            : Task.CompletedTask;
        var ticker = TickAsync(recorder, sampler, stopProbing.Token);

        await ExecuteAsync(_settings.Plan, recorder, cancellationToken);
        StartPhase(RunPhase.Draining);
        await DrainAsync(drainLimit, cancellationToken);
        var measured = Stopwatch.GetElapsedTime(recorder.StartTimestamp);

        await stopProbing.CancelAsync();
        await Task.WhenAll(bystander, ticker);
        Phase = RunPhase.Done;

        var description = new ScenarioDescription(_settings.Name, _settings.Target.ToString().TrimEnd('/'), _settings.Method.Method,
            _settings.Path, _settings.Model, _settings.Plan.ToString(), _settings.WarmUp, _settings.BystanderPath, _settings.BystanderRate);
        var result = recorder.ToResult(description, loadLength.TotalSeconds, measured.TotalSeconds, _settings.Percentiles);
        result.Client = _transport.ClientName;
        result.ServerConfiguration = configuration;
        result.Thresholds = [.. _settings.Thresholds.Select(threshold => threshold.Evaluate(result))];
        return result;
    }

    private void StartPhase(RunPhase phase)
    {
        Volatile.Write(ref _phaseStart, Stopwatch.GetTimestamp());
        Phase = phase;
    }

    private async Task ExecuteAsync(SimulationPlan plan, ScenarioRecorder? recorder, CancellationToken cancellationToken)
    {
        var planStart = Stopwatch.GetTimestamp();
        foreach (var step in plan.Steps)
        {
            var stepStart = planStart + ToTimestamp(step.Offset);
            var stepEnd = stepStart + ToTimestamp(step.During);
            if (step.Simulation.IsOpenModel)
            {
                await OnDedicatedThread(() => Inject(step, stepStart, stepEnd, recorder, cancellationToken));
            }
            else
            {
                for (var user = 0; user < Math.Max(step.StartCopies, step.EndCopies); user++)
                {
                    var index = user;
                    // User i of this step takes over from user i of the step before (or of the warm-up) once that one's
                    // last request is answered: N users never have more than N requests in flight.
                    var previous = index < _virtualUsers.Count ? _virtualUsers[index] : null;
                    var next = Task.Run(async () =>
                    {
                        if (previous is not null)
                        {
                            await previous;
                        }
                        await VirtualUserAsync(index, step, stepStart, stepEnd, recorder, cancellationToken);
                    }, CancellationToken.None);
                    if (index < _virtualUsers.Count)
                    {
                        _virtualUsers[index] = next;
                    }
                    else
                    {
                        _virtualUsers.Add(next);
                    }
                }
                await DelayUntil(stepEnd, cancellationToken);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>The open model: every request starts when it is due, however many are still waiting for answers.</summary>
    private void Inject(PlanStep step, long stepStart, long stepEnd, ScenarioRecorder? recorder, CancellationToken cancellationToken)
    {
        var total = step.ScheduledRequests;
        for (long index = 0; index < total && !cancellationToken.IsCancellationRequested; index++)
        {
            var intended = stepStart + ToTimestamp(step.IntendedStartOf(index));
            WaitUntil(intended, cancellationToken);
            if (Volatile.Read(ref _outstanding) >= _settings.MaxOutstanding)
            {
                recorder?.RecordDropped(intended);
                continue;
            }
            // Runs synchronously up to the socket write, then returns: the schedule never waits for a response.
            _ = SendAsync(intended, recorder, cancellationToken);
        }
        WaitUntil(stepEnd, cancellationToken);
    }

    /// <summary>The closed model: one virtual user sends, waits for the response, sends again.</summary>
    private async Task VirtualUserAsync(int index, PlanStep step, long stepStart, long stepEnd, ScenarioRecorder? recorder, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= stepEnd)
            {
                return;
            }
            if (index >= step.CopiesAt(Stopwatch.GetElapsedTime(stepStart, now)))
            {
                if (step.EndCopies <= step.StartCopies)
                {
                    // Ramping down: once retired, this user is not wanted again in this step.
                    return;
                }
                // Ramping up: not this user's turn yet; look again shortly.
                await Task.Delay(20, CancellationToken.None);
                continue;
            }
            await SendAsync(now, recorder, cancellationToken);
        }
    }

    /// <summary>Sends one request and records it; never throws.</summary>
    /// <remarks>
    /// The run's own cancellation is not linked in (that would allocate per request): a cancelled run stops sending
    /// and stops waiting, and the requests still out end with their timeout.
    /// </remarks>
    private async Task SendAsync(long intendedStart, ScenarioRecorder? recorder, CancellationToken runCancellation)
    {
        Interlocked.Increment(ref _outstanding);
        // Timeouts are pooled: a CancellationTokenSource that did not fire resets and serves the next request.
        if (!_timeouts.TryDequeue(out var timeout))
        {
            timeout = new CancellationTokenSource();
        }
        timeout.CancelAfter(_settings.RequestTimeout);
        var cancellationToken = timeout.Token;
        var actualStart = Stopwatch.GetTimestamp(); // the request goes out now: the client's own set-up is not timed
        try
        {
            var response = await _transport.SendAsync(cancellationToken);
            var end = response.CompletedAt;
            if (recorder is null)
            {
                return;
            }
            if (response.Failure is { } failure)
            {
                recorder.RecordFailure(failure, intendedStart, actualStart, end);
            }
            else
            {
                recorder.RecordResponse(response.StatusCode, intendedStart, actualStart, end, _settings.Body?.Length ?? 0, response.BodyBytes);
            }
            if (_captureThreadHeader && response.ThreadPoolThreads >= 0)
            {
                recorder.RecordThreadHeader(end, response.ThreadPoolThreads);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException
            or SocketException or InvalidDataException)
        {
            var kind = exception is OperationCanceledException && runCancellation.IsCancellationRequested ? ErrorKinds.Cancelled
                : ErrorKinds.Classify(exception, CancellationToken.None);
            recorder?.RecordFailure(kind, intendedStart, actualStart, Stopwatch.GetTimestamp());
        }
        finally
        {
            if (timeout.TryReset())
            {
                _timeouts.Enqueue(timeout);
            }
            else
            {
                timeout.Dispose();
            }
            Interlocked.Decrement(ref _outstanding);
        }
    }

    /// <summary>Once a second: the client's in-flight count and, when the server has one, its thread-pool snapshot.</summary>
    private async Task TickAsync(ScenarioRecorder recorder, ServerSampler sampler, CancellationToken stop)
    {
        var pending = new List<Task>();
        for (var second = 1; !stop.IsCancellationRequested; second++)
        {
            var boundary = recorder.StartTimestamp + (second * Stopwatch.Frequency);
            await DelayUntil(boundary, stop);
            recorder.RecordInFlight(boundary - 1, Outstanding);
            if (_settings.SampleServer && !_captureThreadHeader)
            {
                // Not awaited: a starved server answers late, and the next second's sample must not wait for it.
                pending.Add(sampler.SampleAsync(recorder, stop));
            }
        }
        await Task.WhenAll(pending);
    }

    private async Task DrainAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + ToTimestamp(limit);
        while (Outstanding > 0 && Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static Task OnDedicatedThread(Action action)
    {
        // The injector owns a thread so that its timing never depends on the thread pool it is measuring against.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                action();
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "load-injector",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Sleeps in 1 ms steps and yields for the last fraction: late by ~0.1 ms, without burning a core.</summary>
    private static void WaitUntil(long timestamp, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }
            var milliseconds = remaining * 1000 / Stopwatch.Frequency;
            if (milliseconds >= 2)
            {
                cancellationToken.WaitHandle.WaitOne((int)Math.Min(milliseconds - 1, 200));
            }
            else if (remaining * 10_000 / Stopwatch.Frequency >= 1)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private static async Task DelayUntil(long timestamp, CancellationToken cancellationToken)
    {
        var remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return;
        }
        try
        {
            await Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping early is what the caller asked for.
        }
    }

    internal static long ToTimestamp(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);
}

public enum RunPhase
{
    Starting,
    WarmUp,
    Running,
    Draining,
    Done,
}

/// <summary>What the live console shows.</summary>
public sealed record LiveStatus(
    RunPhase Phase, TimeSpan Elapsed, TimeSpan Length, long Ok, long Failed, long Dropped, long Errors, long InFlight,
    long LastSecondRequests, double P50Microseconds, double P99Microseconds, ServerSnapshot? Server);
