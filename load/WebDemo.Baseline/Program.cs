// The ceiling of POST /embeddings/async on this machine: the same route, the same backend wait (LATENCY_MS, default
// 100) and an answer of the same size, but no embedder, validation, filter, metrics, tracing, diagnostic headers or
// logging. load/scripts/bench-async.sh runs it alternately with the API; the gap between the two is what WebDemo.Api's
// per-request work costs under 1,000-2,000 concurrent connections.
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
// The same listen backlog as WebDemo.Api (2,000 clients connecting at once overflow the default of 512), and the same
// SocketTransport section, so that a setting such as inline scheduling can be measured on both.
builder.Services.AddOptions<SocketTransportOptions>()
    .Configure(options => options.Backlog = 4096)
    .BindConfiguration("SocketTransport");
var app = builder.Build();

var latency = TimeSpan.FromMilliseconds(int.Parse(Environment.GetEnvironmentVariable("LATENCY_MS") ?? "100", CultureInfo.InvariantCulture));
// About the size of a 384-dimension answer for one short input (1.1 KB), written with a Content-Length.
var answer = Encoding.UTF8.GetBytes($$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[{{string.Join(',', Enumerable.Repeat("0.125", 175))}}]}]}""");

app.MapPost("/embeddings/async", async (CancellationToken cancellationToken) =>
{
    await Task.Delay(latency, cancellationToken);
    return TypedResults.Bytes(answer, "application/json");
});
app.MapGet("/health/ready", () => TypedResults.Text("Healthy"));
// What the process has allocated so far, under the name and in the format of the API's /metrics (the runtime's own
// counter there too), so that bench-async.sh reads both the same way; read twice per measured run, never per request.
app.MapGet("/metrics", () => TypedResults.Text(
    string.Create(CultureInfo.InvariantCulture, $"dotnet_gc_heap_total_allocated_bytes_total {GC.GetTotalAllocatedBytes()}\n"),
    "text/plain; version=0.0.4"));

app.Run();
