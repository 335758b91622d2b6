using WebDemo.Api.Admin;
using WebDemo.Api.Dashboard;
using WebDemo.Api.Diagnostics;
using WebDemo.Api.Diagnostics.StackCapture;
using WebDemo.Api.Diagnostics.ThreadPoolSignals;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Health;
using WebDemo.Api.Lab;
using WebDemo.Api.Hosting;
using WebDemo.Api.OpenApi;
using WebDemo.Api.Problems;
using WebDemo.Api.Telemetry;
using WebDemo.ServiceDefaults;

await WebApplication.CreateBuilder(args).RunWithStartupLoggingAsync(builder =>
{
    builder.AddSerilogLogging();
    builder.AddGracefulShutdown();
    builder.AddServiceDefaults(TelemetryExtensions.ServiceName, AppDiagnostics.Version);
    builder.AddTelemetry();
    builder.AddConnectionHandling();
    builder.Services.AddThreadPoolDiagnostics();
    builder.Services.AddProblemHandling();
    builder.Services.AddOpenApiDocumentation();
    builder.Services.AddEmbeddings();
    builder.Services.AddStackCapture();
    builder.Services.AddAdmin();
    builder.Services.AddLab();

    var app = builder.Build();

    app.UseRequestLogging();
    app.UseProblemHandling();
    app.UseOpenApiDocumentation();
    app.UseStaticFiles(); // the dashboard page's script and styles (wwwroot/dashboard)

    app.MapEmbeddings();           // POST /embeddings/{strategy}: the strategy table
    app.MapOpenAiCompatible();     // POST /v1/embeddings
    app.MapDiagnostics();          // GET /diagnostics/{threadpool,backend,configuration,stack-capture}, /diagnostics/stacks (guarded)
    app.MapAdmin();                // POST /admin/threadpool/min-threads (guarded)
    app.MapHealth();               // GET /health/live, /health/ready
    app.MapDashboard();            // GET /dashboard
    app.MapLab();                  // /lab/runs: strategies under load from the dashboard or Swagger UI (Development, or guarded)
    app.MapMetrics();              // GET /metrics (Prometheus)
    return app;
});

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
