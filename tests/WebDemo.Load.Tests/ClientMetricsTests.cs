using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Load.Tests;

/// <summary>While it runs, the CLI serves what it measures for Prometheus (<c>--metrics-listen</c>), and those numbers are its own.</summary>
[Collection(LoadProcesses.Name)]
public sealed partial class ClientMetricsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("+")] // every interface: how a container is scraped by its address
    public async Task ARunServesItsRequestsLatencyAndInFlightForPrometheusWhileItRuns(string listenHost)
    {
        await using var target = await TestTarget.StartAsync();
        var reports = Directory.CreateTempSubdirectory("webdemo-load-").FullName;
        var port = FreePort.Next();
        var cli = new CommandRun(output.WriteLine);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(RepositoryPaths.BuildOutputOf("WebDemo.Load"), "WebDemo.Load.dll"), "run", "--target", target.BaseAddress.ToString(),
                "--strategy", "/fixed/50", "--load", "keep-constant(5, 6s)", "--warm-up", "0s", "--format", "json", "--out", reports,
                "--metrics-listen", $"{listenHost}:{port}",
            },
        };
        var running = cli.RunAsync(start, TimeSpan.FromSeconds(90));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var scrape = await Eventually.ValueAsync(async () =>
        {
            try
            {
                return await http.GetStringAsync("/metrics");
            }
            catch (HttpRequestException)
            {
                return ""; // not listening yet
            }
        }, text => OkCount(text) > 0, TimeSpan.FromSeconds(30), () => "the load tool's /metrics shows completed requests");
        if (listenHost == "+" && MachineAddress() is { } address)
        {
            using var viaAddress = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.Contains("webdemo_load_requests_total", await viaAddress.GetStringAsync(new Uri($"http://{address}:{port}/metrics")), StringComparison.Ordinal);
            output.WriteLine($"also served on http://{address}:{port}/metrics");
        }
        Assert.Equal(0, await running);

        output.WriteLine(string.Join('\n', scrape.Split('\n').Where(line => line.StartsWith("webdemo_load", StringComparison.Ordinal)).Take(12)));
        Assert.Contains("webdemo_load_in_flight{", scrape, StringComparison.Ordinal);
        Assert.Contains("webdemo_load_dropped_total{", scrape, StringComparison.Ordinal);
        Assert.Matches("webdemo_load_latency_seconds_bucket\\{[^}]*le=\"0.1\"", scrape); // seconds, as the server's histograms
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(reports, "results.json", SearchOption.AllDirectories))));
        var finalOk = results.RootElement.GetProperty("scenarios")[0].GetProperty("requests").GetProperty("ok").GetInt64();
        Assert.InRange(OkCount(scrape), 1, finalOk); // a live count on its way to the run's total
    }

    /// <summary>A non-loopback IPv4 address of this machine, if it has one.</summary>
    private static string? MachineAddress() => System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
        .Where(network => network.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
        .SelectMany(network => network.GetIPProperties().UnicastAddresses)
        .Select(unicast => unicast.Address)
        .FirstOrDefault(address => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(address))
        ?.ToString();

    private static long OkCount(string scrape) => OkLine().Match(scrape) is { Success: true } match
        ? (long)double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)
        : 0;

    [GeneratedRegex("^webdemo_load_requests_total\\{[^}]*outcome=\"ok\"[^}]*\\} (?<value>[0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex OkLine();
}
