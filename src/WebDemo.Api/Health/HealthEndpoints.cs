using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebDemo.Api.Health;

public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");

        group.MapGet("/live", () => TypedResults.Ok(new HealthReportBody("Healthy", [])))
            .WithName("Live")
            .WithSummary("Liveness: the process answers HTTP")
            .WithDescription("Runs no checks and does no work. That is why it is the bystander the load scenarios time: " +
                "under thread-pool starvation even this trivial request waits seconds for a thread.");

        group.MapGet("/ready", ReadyAsync)
            .WithName("Ready")
            .WithSummary("Readiness: the embedding backend can serve")
            .WithDescription("Healthy when the backend answers: always for the simulated backend; for the Http backend, when the upstream responds.");

        return group;
    }

    private static async Task<Results<Ok<HealthReportBody>, JsonHttpResult<HealthReportBody>>> ReadyAsync(
        HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains("ready"), cancellationToken);
        var body = new HealthReportBody(report.Status.ToString(),
            [.. report.Entries.Select(entry => new HealthCheckBody(entry.Key, entry.Value.Status.ToString(), entry.Value.Description))]);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}
