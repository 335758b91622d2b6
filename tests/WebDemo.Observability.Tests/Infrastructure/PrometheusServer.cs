using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests.Infrastructure;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>) on a free loopback port, with a generated config that
/// scrapes one target every second (and evaluates the given rule file as often) and its storage in a temporary folder;
/// stopped by its own process id.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/prometheus";
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    /// <param name="target">The API, scraped as job <c>webdemo-api</c>.</param>
    /// <param name="ruleFile">Alerting and recording rules to evaluate, if any.</param>
    /// <param name="loadTool">A load tool serving its client metrics (<c>--metrics-listen</c>), scraped as job <c>webdemo-load</c>.</param>
    public static async Task<PrometheusServer> StartAsync(Uri target, string? ruleFile = null, Uri? loadTool = null)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run ./test.sh, which installs the Debian package 'prometheus'.");
        }
        var directory = Directory.CreateTempSubdirectory("webdemo-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        var rules = ruleFile is null ? "" : $"rule_files: [\"{ruleFile}\"]";
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            {rules}
            scrape_configs:
              - job_name: webdemo-api
                metrics_path: /metrics
                scrape_timeout: 1s
                static_configs:
                  - targets: ["{target.Authority}"]
            {(loadTool is null ? "" : $"""
              - job_name: webdemo-load
                scrape_timeout: 1s
                static_configs:
                  - targets: ["{loadTool.Authority}"]
            """)}
            """);
        var port = FreePort.Next();
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Prometheus.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Runs an instant query and returns its series (none is an answer too).</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string query)
    {
        var answer = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray()];
    }

    /// <summary>Runs an instant query until it returns at least one series (Prometheus needs a scrape or two first).</summary>
    public Task<JsonElement> QueryUntilFoundAsync(string query, TimeSpan timeout) =>
        Eventually.ValueAsync(
            async () =>
            {
                try
                {
                    var answer = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
                    return answer.GetProperty("data").GetProperty("result");
                }
                catch (HttpRequestException)
                {
                    return default; // Prometheus is still starting.
                }
            },
            result => result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0,
            timeout, () => $"Prometheus found a series for '{query}'", TimeSpan.FromMilliseconds(500));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(); // this server only, by its process id
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
