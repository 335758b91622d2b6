using Microsoft.AspNetCore.Mvc.Testing;

namespace WebDemo.Observability.Tests.Infrastructure;

/// <summary>The API in process, with its default configuration (the admin lever off), for tests of routes and shapes.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Backend:Simulated:BaseLatencyMs", "5");
}
