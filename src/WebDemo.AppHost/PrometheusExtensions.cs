using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebDemo.AppHost;

/// <summary>
/// Prometheus as a container resource, scraping the API with the repository's own configuration and alert rules
/// (deploy/prometheus). A container needs an engine and an image, and neither is a given: no registry may be reachable
/// (the tests build a stand-in image locally), so the image is a setting, <c>Prometheus:Image</c> or the
/// <c>PROMETHEUS_IMAGE</c> variable docker-compose.yml and ./test.sh use. Without it, or when the engine (Aspire's
/// orchestrator drives it through the <c>docker</c> command and <c>DOCKER_HOST</c>) does not answer or does not hold the
/// image, there is no Prometheus resource and the AppHost says why in one line.
/// </summary>
internal static partial class PrometheusExtensions
{
    public const string ImageSetting = "Prometheus:Image";
    public const string ImageVariable = "PROMETHEUS_IMAGE";
    private const string ContainerTunnelSetting = "ASPIRE_ENABLE_CONTAINER_TUNNEL";
    private const string ConfigurationDirectory = "/etc/webdemo-prometheus";

    public static IDistributedApplicationBuilder AddPrometheusWhereAvailable(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        var image = new[] { builder.Configuration[ImageSetting], builder.Configuration[ImageVariable] }
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        var skipped = image is null
            ? $"no image configured (set {ImageSetting} or {ImageVariable}, e.g. prom/prometheus:v3.5.0)"
            : MissingImage(image);
        if (skipped is not null)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((startEvent, _) =>
            {
                LogSkipped(startEvent.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WebDemo.AppHost.Prometheus"), skipped);
                return Task.CompletedTask;
            });
            return builder;
        }

        // Aspire's own way from a container to the host, its container tunnel, builds an image on a base image from
        // mcr.microsoft.com, which no registry may serve here. Without it the container reaches the host through the
        // bridge's gateway (host.docker.internal), never 127.0.0.1: the API's proxy listens on every interface instead.
        builder.Configuration[ContainerTunnelSetting] ??= "false";
        api.WithEndpoint("http", endpoint => endpoint.TargetHost = "0.0.0.0");
        var deploy = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "deploy", "prometheus"));
        var (name, tag) = SplitImage(image!);
        builder.AddContainer("prometheus", name, tag)
            .WithContainerFiles(ConfigurationDirectory, (_, _) => Task.FromResult<IEnumerable<ContainerFileSystemItem>>(
            [
                // The compose configuration, with the API's address as a container sees it instead of the compose service name.
                new ContainerFile { Name = "prometheus.yml", Contents = ScrapeConfiguration(deploy, api.GetEndpoint("http").Port) },
                new ContainerFile { Name = "alerts.yml", SourcePath = Path.Combine(deploy, "alerts.yml") },
            ]))
            .WithArgs($"--config.file={ConfigurationDirectory}/prometheus.yml", "--storage.tsdb.path=/prometheus") // as in docker-compose.yml
            .WithContainerRuntimeArgs("--add-host=host.docker.internal:host-gateway") // Linux engines have no such name by default
            .WithHttpEndpoint(targetPort: 9090, name: "http")
            .WithHttpHealthCheck("/-/ready")
            .WaitFor(api);
        return builder;
    }

    /// <summary>
    /// The compose configuration's global settings and rule files, and one static target: the API as a container sees
    /// it. (Compose finds the API's replicas and the load containers by DNS on their service names, which mean nothing here.)
    /// </summary>
    private static string ScrapeConfiguration(string deploy, int apiPort)
    {
        var compose = File.ReadAllLines(Path.Combine(deploy, "prometheus.yml"));
        var settings = compose.TakeWhile(line => !line.StartsWith("scrape_configs:", StringComparison.Ordinal)).Reverse()
            .SkipWhile(line => line.Length == 0 || line.StartsWith('#')).Reverse(); // without the comment on compose's targets
        return $"""
            {string.Join('\n', settings)}

            scrape_configs:
              - job_name: webdemo-api
                metrics_path: /metrics
                scrape_interval: 1s
                scrape_timeout: 1s
                static_configs:
                  - targets: ["host.docker.internal:{apiPort.ToString(CultureInfo.InvariantCulture)}"]

            """;
    }

    /// <summary>Asks the engine for the image, as the orchestrator will: null when it holds it, otherwise why not.</summary>
    private static string? MissingImage(string image)
    {
        var engine = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "the default Docker socket";
        var start = new ProcessStartInfo("docker", ["image", "inspect", "--format", "{{.Id}}", image])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var docker = Process.Start(start)!;
            var error = docker.StandardError.ReadToEndAsync();
            _ = docker.StandardOutput.ReadToEndAsync();
            if (!docker.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                docker.Kill();
                return $"the Docker engine at {engine} did not answer within 15 s";
            }
            var reason = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return docker.ExitCode == 0 ? null : $"docker image inspect {image} failed against {engine}: {reason}";
        }
        catch (Win32Exception)
        {
            return "there is no docker command on PATH (Aspire's orchestrator drives containers through it)";
        }
    }

    // "registry/name:tag" -> (registry/name, tag); a colon before the last slash belongs to a registry's port.
    private static (string Name, string Tag) SplitImage(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus: off, {Reason}. The API still serves /metrics.")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
