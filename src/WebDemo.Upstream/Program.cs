using Microsoft.Extensions.Options;
using WebDemo.Embedding;
using WebDemo.ServiceDefaults;
using WebDemo.Upstream;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("webdemo-upstream", typeof(UpstreamOptions).Assembly.GetName().Version?.ToString() ?? "0.0.0");

builder.Services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new HashingEmbedder(sp.GetRequiredService<IOptions<UpstreamOptions>>().Value.Dimensions));
builder.Services.AddLocalModel();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapUpstreamEmbeddings();

app.Run();

/// <summary>Visible to the tests, which host the upstream on a loopback port.</summary>
public partial class Program;
