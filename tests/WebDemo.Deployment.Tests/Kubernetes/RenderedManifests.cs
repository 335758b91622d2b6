using System.Diagnostics;
using WebDemo.Testing;
using YamlDotNet.RepresentationModel;

namespace WebDemo.Deployment.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes rendered the way a user renders it (<c>kubectl kustomize --load-restrictor LoadRestrictionsNone</c>),
/// as parsed YAML documents. No cluster runs here, so the manifests are checked as data.
/// </summary>
internal sealed class RenderedManifests
{
    public const string Folder = "deploy/kubernetes";
    private static readonly string[] KubectlPaths = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"];

    private RenderedManifests(IReadOnlyList<YamlMappingNode> documents) => Documents = documents;

    public IReadOnlyList<YamlMappingNode> Documents { get; }

    public static async Task<RenderedManifests> RenderAsync(Action<string> log)
    {
        var kubectl = KubectlPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "kubectl is not installed: these tests render deploy/kubernetes with 'kubectl kustomize' (kubectl 1.32 ships with " +
                "the development machine image; elsewhere install kubectl ≥ 1.27).");
        var start = new ProcessStartInfo(kubectl) { ArgumentList = { "kustomize", "--load-restrictor", "LoadRestrictionsNone", RepositoryPaths.Root + "/" + Folder } };
        var run = new CommandRun();
        var exitCode = await run.RunAsync(start, TimeSpan.FromMinutes(1));
        var text = string.Join('\n', run.Lines);
        Assert.True(exitCode == 0, $"kubectl kustomize exited {exitCode}: {text}");

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var documents = stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
        log($"kubectl kustomize {Folder}: " + string.Join(", ", documents.GroupBy(Kind).Select(group => $"{group.Count()} {group.Key}")));
        return new RenderedManifests(documents);
    }

    public YamlMappingNode Single(string kind, string name) =>
        Assert.Single(Documents, document => Kind(document) == kind && Name(document) == name);

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Documents.Where(document => Kind(document) == kind);

    public static string Kind(YamlMappingNode document) => Yaml.Scalar(document, "kind")!;

    public static string Name(YamlMappingNode document) => Yaml.Scalar(Yaml.Mapping(document, "metadata"), "name")!;
}

/// <summary>Small readers for YamlDotNet's node tree: a missing key is a test failure that names it.</summary>
internal static class Yaml
{
    public static YamlMappingNode Mapping(YamlNode node, params string[] path) => (YamlMappingNode)At(node, path);

    public static YamlSequenceNode Sequence(YamlNode node, params string[] path) => (YamlSequenceNode)At(node, path);

    public static string? Scalar(YamlNode node, params string[] path) =>
        TryAt(node, path) is YamlScalarNode scalar ? scalar.Value : null;

    public static Dictionary<string, string> Labels(YamlNode node, params string[] path) =>
        Mapping(node, path).Children.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value.ToString());

    public static YamlNode At(YamlNode node, params string[] path) =>
        TryAt(node, path) ?? throw new Xunit.Sdk.XunitException($"No '{string.Join('.', path)}' in the manifest.");

    private static YamlNode? TryAt(YamlNode node, string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }
            current = next;
        }
        return current;
    }
}
