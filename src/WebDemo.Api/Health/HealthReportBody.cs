namespace WebDemo.Api.Health;

public sealed record HealthReportBody(string Status, IReadOnlyList<HealthCheckBody> Checks);
