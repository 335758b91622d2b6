using System.Globalization;
using System.Text.Json;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Containers.Tests.Infrastructure;

/// <summary>
/// The repository's docker-compose.yml brought up as a project of its own on the test engine: its own name, host ports
/// that were free a moment ago (bound to 127.0.0.1, as the file binds them), the variables the test sets; on dispose,
/// everything it created (containers, network, volumes) is removed.
/// </summary>
internal sealed class ComposeProject : IAsyncDisposable
{
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(2);
    private readonly Dictionary<string, string> _variables;

    /// <param name="apiReplicas">How many API replicas it will run: each gets one host port of API_PORT…API_PORT_LAST.</param>
    public ComposeProject(string purpose, IReadOnlyDictionary<string, string>? variables = null, int apiReplicas = 1)
    {
        Name = $"webdemo-test-{purpose}-{Guid.NewGuid().ToString("N")[..8]}";
        ApiReplicas = apiReplicas;
        _variables = new Dictionary<string, string>(variables ?? new Dictionary<string, string>());
        foreach (var port in new[] { "UPSTREAM_PORT", "PROMETHEUS_PORT", "GRAFANA_PORT", "ASPIRE_DASHBOARD_PORT" })
        {
            _variables[port] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        }
        var apiPorts = FreePortRun(apiReplicas);
        _variables["API_PORT"] = apiPorts.ToString(CultureInfo.InvariantCulture);
        _variables["API_PORT_LAST"] = (apiPorts + apiReplicas - 1).ToString(CultureInfo.InvariantCulture);
    }

    public string Name { get; }

    public int ApiReplicas { get; }

    /// <summary>The variables docker-compose runs with (ports, the project's own settings), for a script that calls it.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(_variables) { ["COMPOSE_PROJECT_NAME"] = Name };

    /// <summary>The first API replica's published port (the only one, unless the project runs several).</summary>
    public Uri ApiAddress => Published("API_PORT");

    public Uri PrometheusAddress => Published("PROMETHEUS_PORT");

    public Task<CommandResult> ComposeAsync(TimeSpan timeout, params string[] arguments) =>
        Docker.RunAsync(Docker.Compose, ["-p", Name, .. arguments], timeout, _variables);

    /// <summary>
    /// <c>docker-compose up -d</c> of the services (and, unless <paramref name="withoutDependencies"/>, what they depend
    /// on), then waits until each named service is healthy by its own HEALTHCHECK; returns how long each took from its
    /// container's start to its first passing probe.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TimeSpan>> UpAsync(IReadOnlyList<string> services, bool withoutDependencies = false)
    {
        await StackImages.EnsureBuiltAsync();
        var up = await ComposeAsync(TimeSpan.FromMinutes(3), ["up", "-d", "--no-build",
            .. services.Contains("api") ? ["--scale", $"api={ApiReplicas}"] : Array.Empty<string>(),
            .. withoutDependencies ? ["--no-deps"] : Array.Empty<string>(), .. services]);
        if (up.ExitCode != 0)
        {
            // e.g. "Bind for 127.0.0.1:8080 failed: port is already allocated": one line naming the cause.
            var cause = up.Stderr.LastOrDefault(line => line.Contains("ERROR", StringComparison.OrdinalIgnoreCase)) ?? (up.Stderr.Count > 0 ? up.Stderr[^1] : "no output");
            throw new InvalidOperationException($"docker-compose up {string.Join(' ', services)} failed: {cause}");
        }
        var healthy = new Dictionary<string, TimeSpan>();
        foreach (var service in services)
        {
            healthy[service] = await WaitHealthyAsync(service);
        }
        return healthy;
    }

    public async Task<string> ContainerOfAsync(string service) => (await ContainersOfAsync(service)).Single();

    /// <summary>The ids of the service's containers, running or stopped (several for a scaled service).</summary>
    public async Task<IReadOnlyList<string>> ContainersOfAsync(string service) =>
        (await ComposeAsync(TimeSpan.FromSeconds(30), "--profile", "load", "ps", "-q", service)).Checked($"docker-compose ps {service}");

    /// <summary>The service's (single) container's <c>docker inspect</c> document.</summary>
    public async Task<JsonElement> InspectAsync(string service) => await InspectContainerAsync(await ContainerOfAsync(service));

    /// <summary>A container's <c>docker inspect</c> document.</summary>
    public static async Task<JsonElement> InspectContainerAsync(string container)
    {
        var json = string.Join('\n', (await Docker.RunAsync(Docker.Cli, ["inspect", container], TimeSpan.FromSeconds(30))).Checked("docker inspect"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].Clone();
    }

    /// <summary>
    /// A container's address on the project's network: what Prometheus' DNS discovery finds for it, so its
    /// <c>instance</c> label is this address and the port.
    /// </summary>
    public static string AddressOf(JsonElement inspected) =>
        inspected.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject().Single().Value.GetProperty("IPAddress").GetString()!;

    /// <summary>The host port a container's port 8080 is published on.</summary>
    public static Uri PublishedAddressOf(JsonElement inspected) => new($"http://127.0.0.1:{inspected.GetProperty("NetworkSettings").GetProperty("Ports")
        .GetProperty("8080/tcp")[0].GetProperty("HostPort").GetString()}");

    public async Task<IReadOnlyList<string>> LogsAsync(string service, int? tail = null) =>
        (await ComposeAsync(TimeSpan.FromSeconds(60), ["logs", "--no-color", "--no-log-prefix", .. tail is { } lines ? ["--tail", lines.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(), service]))
        .Checked($"docker-compose logs {service}");

    public async Task<string> ExecAsync(string service, params string[] command) =>
        string.Join('\n', (await ComposeAsync(TimeSpan.FromSeconds(60), ["exec", "-T", service, .. command])).Checked($"docker-compose exec {service}"));

    public async ValueTask DisposeAsync()
    {
        // Whatever state the test left it in; a starved API gets a short grace here, the drain is tested elsewhere.
        await ComposeAsync(TimeSpan.FromMinutes(2), "--profile", "load", "down", "--volumes", "--remove-orphans", "--timeout", "10");
    }

    /// <summary>
    /// Waits until the service's container reports healthy by its own HEALTHCHECK (again, after a load that starved it:
    /// compose refuses to start a dependant of an unhealthy service); returns the time from the container's start to
    /// the first passing probe still in its health log.
    /// </summary>
    public async Task<TimeSpan> WaitHealthyAsync(string service)
    {
        var slowest = TimeSpan.Zero;
        foreach (var container in await ContainersOfAsync(service))
        {
            var took = await WaitHealthyAsync(service, container);
            slowest = took > slowest ? took : slowest;
        }
        return slowest;
    }

    private async Task<TimeSpan> WaitHealthyAsync(string service, string container)
    {
        try
        {
            var state = await Eventually.ValueAsync(async () => (await InspectContainerAsync(container)).GetProperty("State"),
                state => state.GetProperty("Health").GetProperty("Status").GetString() == "healthy", HealthyWithin,
                () => $"{service} was healthy", TimeSpan.FromMilliseconds(500));
            var startedAt = DockerTime.Parse(state.GetProperty("StartedAt").GetString()!);
            var firstPass = DockerTime.Parse(state.GetProperty("Health").GetProperty("Log").EnumerateArray()
                .First(probe => probe.GetProperty("ExitCode").GetInt32() == 0).GetProperty("End").GetString()!);
            return firstPass - startedAt;
        }
        catch (TimeoutException exception)
        {
            // What a person would look at first: the service's last log lines and its health checks' own log.
            var logs = await LogsAsync(service, tail: 30);
            var health = (await InspectContainerAsync(container)).GetProperty("State").GetProperty("Health").GetRawText();
            throw new InvalidOperationException($"{service} never became healthy ({exception.Message}){Environment.NewLine}" +
                $"last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, logs)}{Environment.NewLine}" +
                $"docker inspect health: {health}", exception);
        }
    }

    private Uri Published(string variable) => new($"http://127.0.0.1:{_variables[variable]}");

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports that were all free a moment ago.</summary>
    private static int FreePortRun(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = FreePort.Next();
            if (first + count - 1 <= ushort.MaxValue && Enumerable.Range(first + 1, count - 1).All(IsFree))
            {
                return first;
            }
        }
        throw new InvalidOperationException($"No {count} consecutive free loopback ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
