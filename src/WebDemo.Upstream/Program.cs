using WebDemo.ServiceDefaults;
using WebDemo.Upstream;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("webdemo-upstream", typeof(UpstreamOptions).Assembly.GetName().Version?.ToString() ?? "0.0.0");
builder.Services.AddUpstreamEmbeddings();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapUpstreamEmbeddings();

app.Run();

/// <summary>Visible to the tests, which host the upstream on a loopback port.</summary>
public partial class Program;
