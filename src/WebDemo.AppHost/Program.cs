using WebDemo.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Simulated, Http or Local (the API's Backend:Kind); Http by default, so a trace crosses both services.
var backend = builder.AddParameter("backend");

var upstream = builder.AddProject<Projects.WebDemo_Upstream>("upstream")
    .WithHttpHealthCheck("/health/ready");

var api = builder.AddProject<Projects.WebDemo_Api>("api")
    .WithEnvironment("Backend__Kind", backend)
    .WithUpstreamThroughServiceDiscovery(upstream)
    .WithHttpHealthCheck("/health/ready")
    .WithExternalHttpEndpoints();

builder.AddPrometheusWhereAvailable(api);

builder.Build().Run();
