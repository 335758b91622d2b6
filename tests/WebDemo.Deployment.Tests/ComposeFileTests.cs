using System.Text.RegularExpressions;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Hosting;
using WebDemo.Deployment.Tests.Compose;

namespace WebDemo.Deployment.Tests;

/// <summary>
/// docker-compose.yml agrees with the files under deploy/ and the apps' settings, where the compose run in real
/// containers (tests/WebDemo.Containers.Tests) cannot look: services without an offline image (Grafana, the Aspire
/// dashboard), settings a run only shows when they go wrong (the grace period, the port defaults).
/// </summary>
public sealed class ComposeFileTests(ITestOutputHelper output)
{
    private readonly ComposeFile _compose = Stack.Compose;

    [Fact]
    public void TheProjectIsNamedInDotEnvWhichComposeV1AndV2BothRead()
    {
        Assert.Null(_compose.Name); // docker-compose 1.29 rejects a top-level name:
        Assert.Contains("COMPOSE_PROJECT_NAME=webdemo", File.ReadAllLines(Stack.PathOf(".env")));
    }

    [Fact]
    public void EveryFileMountedFromTheRepositoryExists()
    {
        foreach (var (name, service) in _compose.Services)
        {
            foreach (var mount in service.Mounts.Where(mount => mount.IsBindMount))
            {
                Assert.StartsWith("./deploy/", mount.Source, StringComparison.Ordinal);
                Assert.True(mount.ReadOnly, $"{name}: {mount.Source} should be mounted read-only.");
                var path = Stack.PathOf(mount.Source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{name} mounts {mount.Source}, which does not exist.");
                output.WriteLine($"{name}: {mount.Source} -> {mount.Target}");
            }
        }
    }

    [Fact]
    public void NamedVolumesAreDeclaredAndKeepOnlyDataThatMustSurvive()
    {
        var named = _compose.Services.SelectMany(service => service.Value.Mounts.Where(mount => !mount.IsBindMount)
            .Select(mount => (Service: service.Key, mount.Source, mount.Target))).ToList();
        Assert.Equal(_compose.Volumes.Keys.Order(), named.Select(volume => volume.Source).Distinct().Order());
        // Prometheus' time series (a finished run can still be looked at) and the load reports (copied out afterwards).
        Assert.Equal(["load-worker:/reports", "load:/reports", "prometheus:/prometheus"], named.Select(volume => $"{volume.Service}:{volume.Target}").Order());
    }

    [Fact]
    public void EveryPublishedPortIsBoundToLocalhostAndUniqueAndCanBeMovedByAVariable()
    {
        var ports = _compose.Services.SelectMany(service => service.Value.PortMappings).ToList();
        Assert.All(ports, port => Assert.Equal("127.0.0.1", port.HostIp));
        Assert.All(ports, port => Assert.NotNull(port.HostPortVariable));
        Assert.All(ports, port => Assert.True(port.HostPortLast == port.HostPort || port.HostPortLastVariable is not null));
        // No two services' default host ports (ranges included) meet.
        var hostPorts = ports.SelectMany(port => Enumerable.Range(port.HostPort, port.HostPortLast - port.HostPort + 1)).ToList();
        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
        Assert.Equal(ports.Count, ports.Select(port => port.HostPortVariable).Distinct().Count());
        // The API's replicas (docker compose up --scale api=N) each take one port of its range.
        var api = Assert.Single(_compose.Services["api"].PortMappings);
        Assert.InRange(api.HostPortLast - api.HostPort + 1, 2, 100);
        output.WriteLine(string.Join(", ", ports.Select(port => port.HostPortLast == port.HostPort
            ? $"{port.HostPortVariable} (default {port.HostPort}) -> {port.ContainerPort}"
            : $"{port.HostPortVariable}-{port.HostPortLastVariable} (default {port.HostPort}-{port.HostPortLast}) -> {port.ContainerPort}")));
    }

    [Fact]
    public void ApiSimulatesByDefault()
    {
        // ${BACKEND_KIND:-Simulated}: the variable switches it (Http and Local are run by tests/WebDemo.Containers.Tests),
        // the default must be a kind the API accepts.
        var kind = Regex.Match(_compose.Services["api"].Environment["Backend__Kind"], @"^\$\{BACKEND_KIND:-(?<default>\w+)\}$");
        Assert.True(kind.Success, $"Backend__Kind is '{_compose.Services["api"].Environment["Backend__Kind"]}'.");
        Assert.Equal(BackendKind.Simulated, Enum.Parse<BackendKind>(kind.Groups["default"].Value));
    }

    [Fact]
    public void ApiGetsLongerToStopThanItsShutdownTimeout()
    {
        var api = _compose.Services["api"];
        var timeout = api.Environment.TryGetValue("Shutdown__TimeoutSeconds", out var seconds)
            ? TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(new ShutdownOptions().TimeoutSeconds);
        var grace = Durations.Parse(Assert.IsType<string>(api.StopGracePeriod));
        output.WriteLine($"api: shutdown timeout {timeout.TotalSeconds} s, stop_grace_period {grace.TotalSeconds} s");
        Assert.True(grace > timeout, "Docker would SIGKILL the API before its in-flight requests have drained.");
    }

    [Fact]
    public void LongRunningServicesHaveHealthChecksAndRestartPolicies()
    {
        foreach (var (name, service) in _compose.Services.Where(service => !service.Value.Profiles.Contains("load")))
        {
            Assert.True(service.Restart == "unless-stopped", $"{name}: restart is {service.Restart ?? "missing"}.");
            if (name != "aspire-dashboard") // nothing waits for it, and its image documents no probe command
            {
                Assert.True(service.Healthcheck is { Test.Count: > 1 }, $"{name} has no health check.");
                Assert.Equal("CMD", service.Healthcheck!.Test[0]);
            }
        }
        Assert.Equal("no", _compose.Services["load"].Restart);
    }

    [Fact]
    public void OptionalServicesSitBehindProfiles()
    {
        Assert.Equal(["otel"], _compose.Services["aspire-dashboard"].Profiles);
        Assert.Equal(["load"], _compose.Services["load"].Profiles);
        Assert.Equal(["load"], _compose.Services["load-worker"].Profiles);
        Assert.All(_compose.Services.Where(service => service.Key is not ("aspire-dashboard" or "load" or "load-worker")),
            service => Assert.Empty(service.Value.Profiles));
    }

    [Fact]
    public void ApiExportsTelemetryToTheAspireDashboardsOtlpGrpcPort()
    {
        var api = _compose.Services["api"];
        var endpoint = new Uri(api.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("aspire-dashboard", endpoint.Host);
        Assert.Equal(18889, endpoint.Port); // the dashboard image's OTLP/gRPC port (18890 is OTLP/HTTP)
        Assert.Equal("grpc", api.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal(18888, Assert.Single(_compose.Services["aspire-dashboard"].PortMappings).ContainerPort);
    }
}
