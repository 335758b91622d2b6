using WebDemo.Api.Dashboard;
using WebDemo.Api.Diagnostics;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Health;
using WebDemo.Api.Hosting;
using WebDemo.Api.Logging;
using WebDemo.Api.OpenApi;
using WebDemo.Api.Problems;
using WebDemo.Api.StackCapture;

var builder = WebApplication.CreateBuilder(args);

builder.AddSerilogLogging();
builder.AddGracefulShutdown();
builder.AddTelemetry();
builder.AddConnectionHandling();
builder.Services.AddProblemHandling();
builder.Services.AddOpenApiDocumentation();
builder.Services.AddEmbeddings();
builder.Services.AddStackCapture();

var app = builder.Build();

app.UseMiddleware<RequestCompletionLogging>();
app.UseProblemHandling();
app.UseOpenApiDocumentation();
app.UseStaticFiles(); // the dashboard page's script and styles (wwwroot/dashboard)

app.MapHealth();
app.MapEmbeddings();
app.MapDiagnostics();
app.MapStackCapture();
app.MapDashboard();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
