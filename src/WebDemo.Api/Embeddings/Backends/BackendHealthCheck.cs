using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace WebDemo.Api.Embeddings.Backends;

/// <summary>Ready when the backend can answer: always for the simulated one; for Http, when the upstream responds at all.</summary>
public sealed class BackendHealthCheck(IOptions<BackendOptions> options, IHttpClientFactory httpClientFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backend = options.Value;
        if (backend.Kind != BackendKind.Http)
        {
            // The local model is loaded at startup (LocalModelService), before the server listens.
            return HealthCheckResult.Healthy($"{backend.Kind} backend (in process).");
        }

        var client = httpClientFactory.CreateClient(nameof(BackendHealthCheck));
        client.Timeout = TimeSpan.FromSeconds(5);
        try
        {
            // Any HTTP answer (even 404) proves the upstream is up; OpenAI-compatible servers differ in their health routes.
            using var response = await client.GetAsync(backend.Http.BaseUrl, cancellationToken);
            return HealthCheckResult.Healthy($"Upstream {backend.Http.BaseUrl} answered {(int)response.StatusCode}.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Upstream {backend.Http.BaseUrl} is unreachable: {exception.Message}");
        }
    }
}
