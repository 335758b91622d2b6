using System.Globalization;
using WebDemo.Testing;
using YamlDotNet.RepresentationModel;

namespace WebDemo.Deployment.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes, rendered offline with kustomize and checked as data: the API is probed and drained as in compose,
/// every selector finds its pods, and the alert rules and the dashboard come from the files compose uses.
/// </summary>
public sealed class KubernetesManifestTests(ITestOutputHelper output)
{
    private const string AlertsFile = "deploy/prometheus/alerts.yml";
    private const string PrometheusRuleFile = "deploy/kubernetes/monitoring/prometheusrule.yaml";
    private const string DashboardFile = "deploy/grafana/dashboards/webdemo.json";

    [Fact]
    public async Task TheManifestsRenderOfflineIntoTheProductionKindsInOneNamespace()
    {
        var manifests = await RenderedManifests.RenderAsync(output.WriteLine);

        var kinds = manifests.Documents.GroupBy(RenderedManifests.Kind).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["Namespace"] = 1, ["Deployment"] = 2, ["Service"] = 2, ["PodDisruptionBudget"] = 1, ["HorizontalPodAutoscaler"] = 1,
            ["ServiceMonitor"] = 1, ["PrometheusRule"] = 1, ["ConfigMap"] = 1, ["PersistentVolumeClaim"] = 1, ["Job"] = 1,
        }, kinds);
        Assert.All(manifests.Documents.Where(document => RenderedManifests.Kind(document) != "Namespace"),
            document => Assert.Equal("webdemo", Yaml.Scalar(document, "metadata", "namespace")));
    }

    [Fact]
    public async Task TheApiIsProbedOnItsHealthRoutesRunsAsNonRootAndOutlastsItsDrain()
    {
        var manifests = await RenderedManifests.RenderAsync(output.WriteLine);
        var deployment = manifests.Single("Deployment", "webdemo-api");
        var pod = Yaml.Mapping(deployment, "spec", "template", "spec");
        var container = (YamlMappingNode)Assert.Single(Yaml.Sequence(pod, "containers"));

        Assert.Equal("/health/live", Yaml.Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", Yaml.Scalar(container, "readinessProbe", "httpGet", "path"));
        var drainSeconds = int.Parse(Environment(container)["Shutdown__TimeoutSeconds"], CultureInfo.InvariantCulture);
        var graceSeconds = int.Parse(Yaml.Scalar(pod, "terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture);
        Assert.True(graceSeconds > drainSeconds, $"terminationGracePeriodSeconds {graceSeconds} must exceed the drain, {drainSeconds} s");
        Assert.Equal("true", Yaml.Scalar(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal("1654", Yaml.Scalar(pod, "securityContext", "runAsUser"));
        Assert.Equal("false", Yaml.Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.NotNull(Yaml.Scalar(container, "resources", "requests", "cpu"));
        Assert.NotNull(Yaml.Scalar(container, "resources", "requests", "memory"));
        Assert.NotNull(Yaml.Scalar(container, "resources", "limits", "memory"));
        Assert.True(int.Parse(Yaml.Scalar(deployment, "spec", "replicas")!, CultureInfo.InvariantCulture) >= 2);
        output.WriteLine($"webdemo-api: probes /health/live and /health/ready, drain {drainSeconds} s < grace {graceSeconds} s, uid 1654");
    }

    [Fact]
    public async Task TheServiceBudgetAutoscalerAndServiceMonitorAllFindTheApiPods()
    {
        var manifests = await RenderedManifests.RenderAsync(output.WriteLine);
        var deployment = manifests.Single("Deployment", "webdemo-api");
        var podLabels = Yaml.Labels(deployment, "spec", "template", "metadata", "labels");
        var service = manifests.Single("Service", "webdemo-api");

        Assert.True(IsSubset(Yaml.Labels(service, "spec", "selector"), podLabels), "The Service selects no API pod.");
        Assert.True(IsSubset(Yaml.Labels(manifests.Single("PodDisruptionBudget", "webdemo-api"), "spec", "selector", "matchLabels"), podLabels),
            "The PodDisruptionBudget selects no API pod.");
        var target = Yaml.Mapping(manifests.Single("HorizontalPodAutoscaler", "webdemo-api"), "spec", "scaleTargetRef");
        Assert.Equal(("Deployment", "webdemo-api"), (Yaml.Scalar(target, "kind"), Yaml.Scalar(target, "name")));

        var monitor = manifests.Single("ServiceMonitor", "webdemo-api");
        Assert.True(IsSubset(Yaml.Labels(monitor, "spec", "selector", "matchLabels"), Yaml.Labels(service, "metadata", "labels")),
            "The ServiceMonitor selects no Service.");
        var endpoint = (YamlMappingNode)Assert.Single(Yaml.Sequence(monitor, "spec", "endpoints"));
        Assert.Equal("/metrics", Yaml.Scalar(endpoint, "path"));
        Assert.Contains(Yaml.Sequence(service, "spec", "ports").Cast<YamlMappingNode>(), port => Yaml.Scalar(port, "name") == Yaml.Scalar(endpoint, "port"));
    }

    [Fact]
    public async Task ThePrometheusRuleHoldsExactlyTheRulesOfAlertsYml()
    {
        var expected = PrometheusRuleFrom(File.ReadAllText(Path.Combine(RepositoryPaths.Root, AlertsFile)));
        var path = Path.Combine(RepositoryPaths.Root, PrometheusRuleFile);
        if (File.ReadAllText(path) != expected)
        {
            File.WriteAllText(path + ".actual", expected);
            Assert.Fail($"{PrometheusRuleFile} is not what {AlertsFile} makes. Review: diff -u '{path}' '{path}.actual'; accept: mv '{path}.actual' '{path}'");
        }

        // And as data, after kustomize: the same groups, rules, expressions, labels and annotations.
        var manifests = await RenderedManifests.RenderAsync(output.WriteLine);
        var rendered = Yaml.Sequence(manifests.Single("PrometheusRule", "webdemo"), "spec", "groups");
        var alerts = new YamlStream();
        alerts.Load(new StringReader(File.ReadAllText(Path.Combine(RepositoryPaths.Root, AlertsFile))));
        var source = Yaml.Sequence(alerts.Documents[0].RootNode, "groups");
        Assert.Equal(Canonical(source), Canonical(rendered));
        output.WriteLine($"PrometheusRule webdemo: {source.Children.Sum(group => Yaml.Sequence(group, "rules").Children.Count)} rules, identical to {AlertsFile}");
    }

    [Fact]
    public async Task TheGrafanaDashboardConfigMapIsTheComposeDashboardForTheSidecar()
    {
        var manifests = await RenderedManifests.RenderAsync(output.WriteLine);
        var configMap = manifests.Single("ConfigMap", "webdemo-grafana-dashboard");

        Assert.Equal("1", Yaml.Labels(configMap, "metadata", "labels")["grafana_dashboard"]);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, DashboardFile)), Yaml.Scalar(configMap, "data", "webdemo.json"));
    }

    [Fact]
    public async Task TheLoadJobRunsOneIndexedWorkerPerCompletionAllAtOnce()
    {
        var manifests = await RenderedManifests.RenderAsync(output.WriteLine);
        var job = Yaml.Mapping(manifests.Single("Job", "webdemo-load"), "spec");
        var pod = Yaml.Mapping(job, "template", "spec");
        var container = (YamlMappingNode)Assert.Single(Yaml.Sequence(pod, "containers"));
        var environment = Environment(container);

        Assert.Equal("Indexed", Yaml.Scalar(job, "completionMode"));
        Assert.Equal(Yaml.Scalar(job, "completions"), Yaml.Scalar(job, "parallelism")); // all workers run at once
        Assert.Equal(Yaml.Scalar(job, "completions"), environment["WORKERS"]);
        Assert.Equal("http://webdemo-api:8080", environment["TARGET"]);
        Assert.Equal("true", Yaml.Scalar(pod, "securityContext", "runAsNonRoot"));
        // The worker script the load image holds, the one compose's load-worker service runs too.
        Assert.Equal(["/bin/sh", "/app/worker.sh"], Yaml.Sequence(container, "command").Select(part => part.ToString()));
        Assert.Contains("COPY load/scripts/worker.sh /app/worker.sh", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile")), StringComparison.Ordinal);
        var claim = manifests.Single("PersistentVolumeClaim", "webdemo-load-reports");
        Assert.Equal("ReadWriteMany", Assert.Single(Yaml.Sequence(claim, "spec", "accessModes")).ToString());
    }

    /// <summary>The PrometheusRule file as <see cref="AlertsFile"/> makes it: a header, then its groups under <c>spec</c>.</summary>
    private static string PrometheusRuleFrom(string alerts)
    {
        var lines = alerts.ReplaceLineEndings("\n").Split('\n');
        var groups = lines.SkipWhile(line => line != "groups:").ToArray();
        var body = string.Join('\n', groups.Select(line => line.Length == 0 ? line : "  " + line)).TrimEnd('\n');
        return $"""
            # GENERATED from {AlertsFile}: the same rules for the Prometheus Operator. Do not edit; change
            # alerts.yml and run the Deployment tests, which write the new file next to this one and say how to accept it.
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata:
              name: webdemo
            spec:

            """ + body + "\n";
    }

    // A node tree as text with its mapping keys in order, so two trees holding the same data compare equal.
    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children
            .OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal)
            .Select(pair => $"{pair.Key}:{Canonical(pair.Value)}")) + "}",
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static Dictionary<string, string> Environment(YamlMappingNode container) =>
        Yaml.Sequence(container, "env").Cast<YamlMappingNode>()
            .Where(variable => Yaml.Scalar(variable, "value") is not null)
            .ToDictionary(variable => Yaml.Scalar(variable, "name")!, variable => Yaml.Scalar(variable, "value")!);

    private static bool IsSubset(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
