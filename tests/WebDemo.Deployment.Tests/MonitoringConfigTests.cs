using System.Diagnostics;
using System.Text.Json;
using WebDemo.Deployment.Tests.Compose;
using YamlDotNet.RepresentationModel;

namespace WebDemo.Deployment.Tests;

/// <summary>
/// Grafana's provisioning (no offline image of Grafana runs it here) points at the compose Prometheus and the dashboards
/// folder; the alerting rules pass their promtool unit tests. That the compose Prometheus scrapes the API and loads the
/// rules is shown by tests/WebDemo.Containers.Tests.
/// </summary>
public sealed class MonitoringConfigTests(ITestOutputHelper output)
{
    private const string PrometheusConfig = "deploy/prometheus/prometheus.yml";
    private const string AlertRuleTests = "deploy/prometheus/alerts.test.yml";
    private const string DashboardsFolder = "deploy/grafana/dashboards";
    private const string DatasourceFile = "deploy/grafana/provisioning/datasources/prometheus.yml";
    private const string DashboardProviderFile = "deploy/grafana/provisioning/dashboards/webdemo.yml";
    private readonly ComposeFile _compose = Stack.Compose;

    [Fact]
    public void GrafanasMinIntervalIsThePrometheusScrapeInterval()
    {
        // Grafana's "min interval" is the scrape interval, so rate() windows always hold enough samples. (That the
        // compose Prometheus scrapes api:8080/metrics at this interval is shown by tests/WebDemo.Containers.Tests.)
        var job = (YamlMappingNode)Sequence(LoadYaml(PrometheusConfig), "scrape_configs")[0];
        var datasource = (YamlMappingNode)Sequence(LoadYaml(DatasourceFile), "datasources")[0];
        Assert.Equal(Durations.Parse(Scalar(job, "scrape_interval")!), Durations.Parse(Scalar(Mapping(datasource, "jsonData"), "timeInterval")!));
    }

    [Fact]
    public async Task TheAlertingRulesPassTheirPromtoolUnitTests()
    {
        var (exitCode, text) = await PromtoolAsync("test", "rules", Stack.PathOf(AlertRuleTests));

        Assert.True(exitCode == 0, $"promtool test rules exited {exitCode}: {text}");
        Assert.Contains("SUCCESS", text, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var promtool = Process.Start(start)!; // installed by test.sh (Debian package prometheus)
        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var text = await stdout + await stderr;
        output.WriteLine(text);
        return (promtool.ExitCode, text);
    }

    [Fact]
    public void GrafanasDatasourceIsTheComposePrometheus()
    {
        var datasources = Sequence(LoadYaml(DatasourceFile), "datasources").Cast<YamlMappingNode>().ToList();
        var datasource = Assert.Single(datasources);
        Assert.Equal("prometheus", Scalar(datasource, "type"));
        Assert.Equal("prometheus", Scalar(datasource, "uid"));
        Assert.Equal("true", Scalar(datasource, "isDefault"));
        var url = new Uri(Scalar(datasource, "url")!);
        Assert.True(_compose.Services.ContainsKey(url.Host), $"{url.Host} is not a compose service.");
        Assert.Equal(9090, url.Port); // Prometheus' listen port
        Assert.Equal(9090, Assert.Single(_compose.Services["prometheus"].PortMappings).ContainerPort);
        Assert.Contains(_compose.Services["grafana"].Mounts,
            mount => mount.Source == "./deploy/grafana/provisioning" && mount.Target == "/etc/grafana/provisioning");
    }

    [Fact]
    public void GrafanasDashboardProviderLoadsTheMountedDashboardsFolder()
    {
        var grafana = _compose.Services["grafana"];
        var provider = (YamlMappingNode)Assert.Single(Sequence(LoadYaml(DashboardProviderFile), "providers"));
        Assert.Equal("file", Scalar(provider, "type"));
        var path = Scalar(Mapping(provider, "options"), "path");
        var mount = Assert.Single(grafana.Mounts, mount => mount.Source == $"./{DashboardsFolder}");
        Assert.Equal(mount.Target, path);

        var home = grafana.Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];
        Assert.Equal(mount.Target, Path.GetDirectoryName(home));
        Assert.Equal("true", grafana.Environment["GF_AUTH_ANONYMOUS_ENABLED"]);
        Assert.Equal("Viewer", grafana.Environment["GF_AUTH_ANONYMOUS_ORG_ROLE"]);
        Assert.True(File.Exists(Stack.PathOf($"{DashboardsFolder}/{Path.GetFileName(home)}")), $"The home dashboard {home} is not in {DashboardsFolder}.");
    }

    [Fact]
    public void ProvisionedDashboardsParseAndQueryTheProvisionedDatasource()
    {
        var dashboards = Directory.GetFiles(Stack.PathOf(DashboardsFolder), "*.json");
        Assert.NotEmpty(dashboards);
        foreach (var file in dashboards)
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            Assert.True(dashboard.RootElement.TryGetProperty("title", out _), $"{file} has no title.");
            var uids = DatasourceUids(dashboard.RootElement).Distinct().ToList();
            output.WriteLine($"{Path.GetFileName(file)}: datasource uids {string.Join(", ", uids)}");
            // The provisioned uid, a template variable bound to it, or Grafana's built-in annotations source.
            Assert.All(uids, uid => Assert.True(uid is "prometheus" or "grafana" or "-- Grafana --" || uid.StartsWith('$'),
                $"{Path.GetFileName(file)} refers to datasource '{uid}', which is not provisioned."));
        }
    }

    private static IEnumerable<string> DatasourceUids(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "datasource" && property.Value.ValueKind == JsonValueKind.Object
                    && property.Value.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String)
                {
                    yield return uid.GetString()!;
                }
                else if (property.Name == "datasource" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }
                foreach (var nested in DatasourceUids(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(DatasourceUids))
            {
                yield return nested;
            }
        }
    }

    private static YamlMappingNode LoadYaml(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Stack.PathOf(relativePath));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (YamlMappingNode)child : new YamlMappingNode();

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (YamlSequenceNode)child : new YamlSequenceNode();

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? ((YamlScalarNode)child).Value : null;
}
