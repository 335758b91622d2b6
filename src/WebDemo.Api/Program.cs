using Serilog;
using WebDemo.Api.Dashboard;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Local;
using WebDemo.Api.Health;
using WebDemo.Api.Hosting;
using WebDemo.Api.OpenApi;
using WebDemo.Api.Problems;
using WebDemo.Api.StackCapture;
using WebDemo.Api.Telemetry;
using WebDemo.Api.ThreadPoolDiagnostics;

var builder = WebApplication.CreateBuilder(args);
Log.Logger = builder.Configuration.CreateStartupLogger();
try
{
    builder.AddSerilogLogging();
    builder.AddGracefulShutdown();
    builder.AddTelemetry();
    builder.AddConnectionHandling();
    builder.Services.AddThreadPoolDiagnostics();
    builder.Services.AddProblemHandling();
    builder.Services.AddOpenApiDocumentation();
    builder.Services.AddEmbeddings();
    builder.Services.AddStackCapture();

    var app = builder.Build();

    app.UseRequestLogging();
    app.UseProblemHandling();
    app.UseOpenApiDocumentation();
    app.UseStaticFiles(); // the dashboard page's script and styles (wwwroot/dashboard)

    app.MapHealth();
    app.MapEmbeddings();
    app.MapOpenAiCompatible();
    app.MapBackendStatus();
    app.MapServerConfiguration();
    app.MapThreadPoolDiagnostics();
    app.MapMetrics();
    app.MapStackCapture();
    app.MapDashboard();

    app.Run();
}
catch (Exception exception) when (exception is not HostAbortedException) // how WebApplicationFactory ends Program after Build()
{
    Log.Fatal(exception, "The API could not start or stopped unexpectedly");
    throw; // the process still fails, and WebApplicationFactory reports the cause to the test
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
