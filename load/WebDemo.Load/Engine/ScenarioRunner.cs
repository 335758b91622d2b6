using System.Diagnostics;
using WebDemo.Embedding.Diagnostics;
using WebDemo.Load.Engine.Transport;
using WebDemo.Load.Measurement;
using WebDemo.Load.Results;

namespace WebDemo.Load.Engine;

/// <summary>
/// Runs one scenario: the warm-up (measured nowhere), then the simulations with the bystander probe and the server
/// sampler alongside, then waits for the last responses. The <see cref="PlanExecutor"/> plays the load: open-model
/// steps inject from a dedicated thread on a fixed schedule and time each request from when it was *due* (no
/// coordinated omission); closed-model steps run N virtual users that each send, wait, and send again.
/// </summary>
public sealed class ScenarioRunner : IDisposable
{
    private readonly ScenarioSettings _settings;
    private readonly HttpClient _sideClient;
    private readonly RequestSender _sender;
    private readonly PlanExecutor _executor;
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
        _sender = new RequestSender(transport, settings.RequestTimeout, settings.Body?.Length ?? 0);
        _executor = new PlanExecutor(_sender, settings.MaxOutstanding);
    }

    /// <summary>Closes the load's connections.</summary>
    public void Dispose() => _sender.Dispose();

    public ScenarioSettings Settings => _settings;

    public RunPhase Phase { get; private set; } = RunPhase.Starting;

    public long Outstanding => _sender.Outstanding;

    /// <summary>A snapshot for the live console.</summary>
    public LiveStatus Status()
    {
        var now = Stopwatch.GetTimestamp();
        var recorder = _recorder;
        var length = Phase == RunPhase.WarmUp ? _settings.WarmUp : _settings.Plan.Duration;
        var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref _phaseStart), now);
        if (recorder is null || Phase == RunPhase.WarmUp)
        {
            return new LiveStatus(Phase, elapsed, length, 0, 0, 0, 0, Outstanding, 0, null, null, null);
        }
        var rps = recorder.LastFullSecond(now);
        // An empty histogram has no percentiles: "0 µs" would read as fast when nothing has come back at all.
        var completed = recorder.Latency.Count > 0;
        return new LiveStatus(Phase, elapsed, length, recorder.Ok, recorder.Failed, recorder.Dropped, recorder.ErrorCount, Outstanding,
            rps, completed ? recorder.Latency.ValueAtPercentile(50) : null, completed ? recorder.Latency.ValueAtPercentile(99) : null,
            recorder.LatestServer);
    }

    public async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        var sampler = new ServerSampler(_sideClient, _settings.Target);
        var configuration = await ServerConfigurationReader.ReadAsync(_sideClient, _settings.Target, cancellationToken);
        if (_settings.SampleServer && !await sampler.IsAvailableAsync(cancellationToken))
        {
            // No /diagnostics/threadpool on this server: fall back to the thread count the embedding responses carry.
            _sender.CaptureThreadHeader = true;
        }

        if (_settings.WarmUp > TimeSpan.Zero)
        {
            StartPhase(RunPhase.WarmUp);
            await _executor.ExecuteAsync(_settings.Plan.Truncate(_settings.WarmUp), recorder: null, cancellationToken);
        }

        var (recorder, measured) = await MeasureAsync(sampler, cancellationToken);
        Phase = RunPhase.Done;
        return ToResult(recorder, measured, configuration);
    }

    /// <summary>The measured part: the plan with the probes alongside, then the wait for the last answers.</summary>
    private async Task<(ScenarioRecorder Recorder, TimeSpan Measured)> MeasureAsync(ServerSampler sampler, CancellationToken cancellationToken)
    {
        var drainLimit = _settings.RequestTimeout + TimeSpan.FromSeconds(2);
        var recorder = new ScenarioRecorder(Stopwatch.GetTimestamp(), _settings.Plan.Duration + drainLimit, _settings.Name)
        {
            ServerSource = !_settings.SampleServer ? "none" : _sender.CaptureThreadHeader ? "header" : "diagnostics",
        };
        _recorder = recorder;
        StartPhase(RunPhase.Running);
        using var inFlight = ClientMetrics.StartScenario(_settings.Name, () => Outstanding);

        using var stopProbing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var bystander = _settings.BystanderRate > 0
            ? new BystanderProbe(_sideClient, new Uri(_settings.Target, _settings.BystanderPath), _settings.BystanderRate)
                .RunAsync(recorder, stopProbing.Token, cancellationToken)
            : Task.CompletedTask;
        var ticker = new SecondTicker(_sender, _settings.SampleServer && !_sender.CaptureThreadHeader ? sampler : null)
            .RunAsync(recorder, stopProbing.Token);

        await _executor.ExecuteAsync(_settings.Plan, recorder, cancellationToken);
        StartPhase(RunPhase.Draining);
        await DrainAsync(drainLimit, cancellationToken);
        var measured = Stopwatch.GetElapsedTime(recorder.StartTimestamp);

        await stopProbing.CancelAsync();
        await Task.WhenAll(bystander, ticker);
        return (recorder, measured);
    }

    private ScenarioResult ToResult(ScenarioRecorder recorder, TimeSpan measured, ServerConfiguration? configuration)
    {
        var description = new ScenarioDescription(_settings.Name, _settings.Target.ToString().TrimEnd('/'), _settings.Method.Method,
            _settings.Path, _settings.Model, _settings.Plan.ToString(), _settings.WarmUp, _settings.BystanderPath, _settings.BystanderRate);
        var result = recorder.ToResult(description, _settings.Plan.Duration.TotalSeconds, measured.TotalSeconds, _settings.Percentiles);
        result.Client = _sender.ClientName;
        result.ServerConfiguration = configuration;
        result.Thresholds = [.. _settings.Thresholds.Select(threshold => threshold.Evaluate(result))];
        return result;
    }

    private void StartPhase(RunPhase phase)
    {
        Volatile.Write(ref _phaseStart, Stopwatch.GetTimestamp());
        Phase = phase;
    }

    private async Task DrainAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Clock.Ticks(limit);
        while (Outstanding > 0 && Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
