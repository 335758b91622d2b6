using WebDemo.Api.Embeddings;
using WebDemo.Api.Health;
using WebDemo.Api.Hosting;
using WebDemo.Api.Logging;
using WebDemo.Api.OpenApi;
using WebDemo.Api.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddSerilogLogging();
builder.AddGracefulShutdown();
builder.Services.AddProblemHandling();
builder.Services.AddOpenApiDocumentation();
builder.Services.AddEmbeddings();

var app = builder.Build();

app.UseMiddleware<RequestCompletionLogging>();
app.UseProblemHandling();
app.UseOpenApiDocumentation();

app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
app.MapHealth();
app.MapEmbeddings();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
