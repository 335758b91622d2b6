using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebDemo.AppHost;

/// <summary>
/// Prometheus as a container resource, scraping the API with the repository's own configuration and alert rules
/// (deploy/prometheus). A container needs an engine and an image, and neither is a given: no registry may be reachable
/// (tests build a stand-in image locally), so the image is a setting, <c>Prometheus:Image</c> (e.g. <c>prom/prometheus:v3.5.0</c>).
/// Without it, or without a Docker engine, there is no Prometheus resource and the AppHost says so in one line.
/// </summary>
internal static partial class PrometheusExtensions
{
    public const string ImageSetting = "Prometheus:Image";

    public static IDistributedApplicationBuilder AddPrometheusWhereAvailable(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        var image = builder.Configuration[ImageSetting];
        var engine = ContainerEngine();
        var skipped = string.IsNullOrWhiteSpace(image)
            ? $"no image configured (set {ImageSetting}, e.g. --{ImageSetting}=prom/prometheus:v3.5.0)"
            : engine is null ? $"{ImageSetting} is {image}, but no Docker engine was found (DOCKER_HOST, /var/run/docker.sock)" : null;
        if (skipped is not null)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((startEvent, _) =>
            {
                LogSkipped(startEvent.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WebDemo.AppHost.Prometheus"), skipped);
                return Task.CompletedTask;
            });
            return builder;
        }

        // The compose configuration, with the API's address as a container sees it instead of the compose service name.
        var deploy = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "deploy", "prometheus"));
        var configuration = Directory.CreateTempSubdirectory("webdemo-prometheus-").FullName;
        File.Copy(Path.Combine(deploy, "alerts.yml"), Path.Combine(configuration, "alerts.yml"));
        var (name, tag) = SplitImage(image!);
        var prometheus = builder.AddContainer("prometheus", name, tag)
            .WithBindMount(configuration, "/etc/webdemo-prometheus", isReadOnly: true)
            .WithArgs("--config.file=/etc/webdemo-prometheus/prometheus.yml")
            .WithContainerRuntimeArgs("--add-host=host.docker.internal:host-gateway") // Linux engines have no such name by default
            .WithHttpEndpoint(targetPort: 9090, name: "http")
            .WithHttpHealthCheck("/-/ready")
            .WaitFor(api);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, (_, _) =>
        {
            var apiPort = api.GetEndpoint("http").Port.ToString(CultureInfo.InvariantCulture);
            var yaml = File.ReadAllText(Path.Combine(deploy, "prometheus.yml"))
                .Replace("\"api:8080\"", $"\"host.docker.internal:{apiPort}\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(configuration, "prometheus.yml"), yaml);
            return Task.CompletedTask;
        });
        return builder;
    }

    private static string? ContainerEngine()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(host))
        {
            return host;
        }
        return File.Exists("/var/run/docker.sock") ? "unix:///var/run/docker.sock" : null;
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
