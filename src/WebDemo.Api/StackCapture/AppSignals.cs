using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Api.ThreadPoolDiagnostics;

namespace WebDemo.Api.StackCapture;

/// <summary>
/// Everything stack capture reads from the rest of the app, in one place: the scheduling delay (the trigger), the
/// requests in flight per strategy and the admin lever's access rule. When those move, only this file follows them.
/// </summary>
public sealed class AppSignals(SchedulingDelayProbe probe, StrategyStatistics strategies, IOptions<AdminOptions> admin)
{
    public const string ApiKeyHeader = AdminOptions.ApiKeyHeader;

    /// <summary>How long a work item queued now would wait for a pool thread (the probe's latest reading).</summary>
    public TimeSpan SchedulingDelay => probe.Current;

    /// <summary>Requests inside each strategy right now.</summary>
    public IReadOnlyDictionary<string, int> InFlightRequests() =>
        strategies.Snapshot().Where(entry => entry.Value.InFlight > 0).ToDictionary(entry => entry.Key, entry => entry.Value.InFlight);

    /// <summary>The admin lever's rule: the routes exist only when <c>Admin:Enabled</c> is true …</summary>
    public bool AdminEnabled => admin.Value.Enabled;

    /// <summary>… and then answer only callers presenting the admin key (compared in constant time).</summary>
    public bool IsAdminKey(string? presented) =>
        !string.IsNullOrEmpty(presented) && admin.Value.ApiKey is { } expected
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
