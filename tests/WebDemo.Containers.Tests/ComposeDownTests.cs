using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Containers.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Containers.Tests;

/// <summary><c>docker-compose down</c> with requests in flight: Docker's SIGTERM, the API's drain, its exit code.</summary>
public sealed class ComposeDownTests(ITestOutputHelper output)
{
    private const int LatencyMs = 5000;
    private int _answered;

    [Fact]
    public async Task DownWithRequestsInFlightAnswersEveryAcceptedOneTurnsNewOnesAwayAndTheApiExitsZeroWithoutSigkill()
    {
        await using var project = new ComposeProject("down");
        await project.UpAsync(["api"]);
        var container = await project.ContainerOfAsync("api");
        using var api = new HttpClient { BaseAddress = project.ApiAddress, Timeout = TimeSpan.FromSeconds(90) };
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();

        // Non-blocking requests (half through the batch queue) and a few that block a pool thread each.
        var routes = Enumerable.Repeat("async", 10).Concat(Enumerable.Repeat("batched", 10)).Concat(Enumerable.Repeat("blocking", 3)).ToList();
        var requests = routes.Select((route, i) => SendAsync(api, route, i)).ToList();
        await Eventually.HoldsAsync(async () => await InFlightAsync(api) == routes.Count, TimeSpan.FromSeconds(30),
            () => $"every request was in flight in the API", TimeSpan.FromMilliseconds(100));

        var downStarted = Stopwatch.StartNew();
        var down = project.ComposeAsync(TimeSpan.FromMinutes(2), "down");
        // While the API drains, a new connection is turned away at once (Kestrel has closed its listener), never left hanging.
        await Eventually.HoldsAsync(() => NewConnectionIsTurnedAwayAsync(project.ApiAddress), TimeSpan.FromSeconds(30),
            "a new connection was turned away", TimeSpan.FromMilliseconds(20));
        var inFlightWhenTurnedAway = routes.Count - Volatile.Read(ref _answered);
        output.WriteLine($"a new connection was turned away {downStarted.Elapsed.TotalSeconds:0.0} s after down began, " +
            $"with {inFlightWhenTurnedAway} requests still in flight");
        Assert.True(inFlightWhenTurnedAway > 0, "Every request had been answered before new connections were turned away: no drain was seen.");
        (await down).Checked("docker-compose down");
        var downTook = downStarted.Elapsed;
        var statuses = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"down with {routes.Count} requests in flight ({string.Join(", ", routes.CountBy(route => route).Select(group => $"{group.Value} {group.Key}"))}, " +
            $"latencyMs={LatencyMs}): {statuses.Count(status => status == HttpStatusCode.OK)}/{routes.Count} answered 200; down took {downTook.TotalSeconds:0.0} s");
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));

        // What the engine did to the container: the signals it sent and how the container ended.
        var events = await ContainerEventsAsync(container, since);
        var signals = events.Where(e => e.Action == "kill").Select(e => e.Attributes["signal"]).ToList();
        var died = Assert.Single(events, e => e.Action == "die");
        output.WriteLine($"api container: signals {string.Join(", ", signals)}; exit code {died.Attributes["exitCode"]} " +
            $"{(died.Time - events.First(e => e.Action == "kill").Time).TotalSeconds:0.0} s after the first (grace period 40 s)");
        Assert.Equal(["15"], signals.Distinct()); // SIGTERM only: never SIGKILL (9)
        Assert.Equal("0", died.Attributes["exitCode"]);
        Assert.Empty((await Docker.RunAsync(Docker.Cli, ["ps", "-aq", "--filter", $"label=com.docker.compose.project={project.Name}"],
            TimeSpan.FromSeconds(30))).Checked("docker ps"));
    }

    private async Task<HttpStatusCode> SendAsync(HttpClient api, string route, int index)
    {
        using var response = await api.PostAsJsonAsync(new Uri($"/embeddings/{route}?latencyMs={LatencyMs}", UriKind.Relative),
            new { input = $"request {index} in flight during docker-compose down" });
        await response.Content.ReadAsByteArrayAsync();
        Interlocked.Increment(ref _answered);
        return response.StatusCode;
    }

    // Through the published port, docker-proxy accepts and then closes the connection it cannot pass on: a fast failure.
    private static async Task<bool> NewConnectionIsTurnedAwayAsync(Uri address)
    {
        using var fresh = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            using var response = await fresh.GetAsync(new Uri("/health/live", UriKind.Relative));
            return false; // accepted before the listener closed: served like any request in flight
        }
        catch (HttpRequestException)
        {
            return true;
        }
        catch (TaskCanceledException)
        {
            Assert.Fail($"A request sent while the API drained hung for {fresh.Timeout.TotalSeconds} s instead of being turned away.");
            return false;
        }
    }

    private static async Task<int> InFlightAsync(HttpClient api)
    {
        var snapshot = await api.GetJsonAsync("/diagnostics/threadpool");
        return snapshot.GetProperty("strategies").EnumerateObject().Sum(strategy => strategy.Value.GetProperty("inFlight").GetInt32());
    }

    private static async Task<IReadOnlyList<ContainerEvent>> ContainerEventsAsync(string container, long since)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds();
        var lines = (await Docker.RunAsync(Docker.Cli, ["events", "--since", since.ToString(CultureInfo.InvariantCulture),
            "--until", until.ToString(CultureInfo.InvariantCulture), "--filter", $"container={container}", "--format", "{{json .}}"],
            TimeSpan.FromSeconds(30))).Checked("docker events");
        return [.. lines.Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return new ContainerEvent(root.GetProperty("Action").GetString()!,
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("timeNano").GetInt64() / 1_000_000),
                root.GetProperty("Actor").GetProperty("Attributes").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString()!));
        })];
    }

    private sealed record ContainerEvent(string Action, DateTimeOffset Time, IReadOnlyDictionary<string, string> Attributes);
}
