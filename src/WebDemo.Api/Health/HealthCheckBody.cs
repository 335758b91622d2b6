namespace WebDemo.Api.Health;

public sealed record HealthCheckBody(string Name, string Status, string? Description);
