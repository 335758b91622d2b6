using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WebDemo.Processes;

namespace WebDemo.Load.Tests;

/// <summary>
/// A real Kestrel server inside the test, on a free loopback port, with endpoints whose latency the test knows:
/// <c>/fixed/50</c> answers after 50 ms, <c>/counted/50</c> too while counting concurrent requests, <c>/health/live</c>
/// at once, and <c>/frozen</c> holds every response that arrives during a one-second window (see <see cref="FreezeOnce"/>).
/// </summary>
public sealed class TestTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _freezeFrom = long.MaxValue;
    private int _inFlight;
    private int _maxInFlight;
    private long _freezeUntil = long.MaxValue;

    private TestTarget(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Most requests <c>/counted/{ms}</c> had in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<TestTarget> StartAsync()
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseAddress.ToString());
        var app = builder.Build();
        var target = new TestTarget(app, baseAddress);
        app.MapMethods("/fixed/{milliseconds:int}", ["GET", "POST"], async (int milliseconds, CancellationToken cancellationToken) =>
        {
            await Task.Delay(milliseconds, cancellationToken); // the latency the engine's measurements are checked against
            return TypedResults.Text("ok");
        });
        app.MapGet("/health/live", () => TypedResults.Text("Healthy"));
        app.MapGet("/frozen", target.FrozenAsync);
        app.MapGet("/counted/{milliseconds:int}", target.CountedAsync);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return target;
    }

    /// <summary>From <paramref name="after"/> on, for one second, every response waits until the second is over.</summary>
    public void FreezeOnce(TimeSpan after)
    {
        var from = Stopwatch.GetTimestamp() + (long)(after.TotalSeconds * Stopwatch.Frequency);
        Volatile.Write(ref _freezeUntil, from + Stopwatch.Frequency);
        Volatile.Write(ref _freezeFrom, from);
    }

    private async Task<IResult> FrozenAsync(CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        var from = Volatile.Read(ref _freezeFrom);
        var until = Volatile.Read(ref _freezeUntil);
        if (now >= from && now < until)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)(until - now) / Stopwatch.Frequency), cancellationToken); // the freeze under test
        }
        return TypedResults.Text("ok");
    }

    private async Task<IResult> CountedAsync(int milliseconds, CancellationToken cancellationToken)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
            {
                Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            }
            await Task.Delay(milliseconds, cancellationToken); // holds the request in flight while it is counted
            return TypedResults.Text("ok");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
