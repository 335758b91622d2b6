using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace WebDemo.Deployment.Tests.Compose;

/// <summary>The parts of docker-compose.yml the checks read, in the syntax this repository uses.</summary>
public sealed class ComposeFile
{
    public string? Name { get; set; }

    public Dictionary<string, ComposeService> Services { get; set; } = [];

    public Dictionary<string, object?> Volumes { get; set; } = [];

    public static ComposeFile Load(string path) =>
        new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<ComposeFile>(File.ReadAllText(path));
}

public sealed class ComposeService
{
    public List<string> Ports { get; set; } = [];

    public Dictionary<string, string> Environment { get; set; } = [];

    public List<string> Volumes { get; set; } = [];

    public List<string> Profiles { get; set; } = [];

    public ComposeHealthcheck? Healthcheck { get; set; }

    public string? Restart { get; set; }

    public string? StopGracePeriod { get; set; }

    /// <summary>Short-syntax ports, <c>[host_ip:]host:container</c>.</summary>
    public IEnumerable<PortMapping> PortMappings => Ports.Select(PortMapping.Parse);

    /// <summary>Short-syntax volumes, <c>source:target[:mode]</c>.</summary>
    public IEnumerable<VolumeMount> Mounts => Volumes.Select(VolumeMount.Parse);
}

public sealed class ComposeHealthcheck
{
    public List<string> Test { get; set; } = [];
}

/// <summary>
/// A short-syntax port, <c>[host_ip:]host[-host_last]:container</c>, each host port maybe <c>${VARIABLE:-default}</c>.
/// A host range gives each replica of a scaled service one port of it.
/// </summary>
public sealed partial record PortMapping(string? HostIp, int HostPort, string? HostPortVariable, int HostPortLast, string? HostPortLastVariable, int ContainerPort)
{
    public static PortMapping Parse(string text)
    {
        var match = Syntax().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"Unexpected port mapping '{text}'.");
        }
        var (first, firstVariable) = HostPart(match.Groups["first"].Value);
        var (last, lastVariable) = match.Groups["last"].Success ? HostPart(match.Groups["last"].Value) : (first, null);
        return new PortMapping(match.Groups["ip"].Success ? match.Groups["ip"].Value : null, first, firstVariable, last, lastVariable,
            Number(match.Groups["container"].Value));
    }

    private static (int Port, string? Variable) HostPart(string text) =>
        VariableWithDefault().Match(text) is { Success: true } variable
            ? (Number(variable.Groups["default"].Value), variable.Groups["variable"].Value)
            : (Number(text), null);

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"^((?<ip>[\d.]+):)?(?<first>\$\{\w+:-\d+\}|\d+)(-(?<last>\$\{\w+:-\d+\}|\d+))?:(?<container>\d+)$")]
    private static partial System.Text.RegularExpressions.Regex Syntax();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\$\{(?<variable>\w+):-(?<default>\d+)\}$")]
    private static partial System.Text.RegularExpressions.Regex VariableWithDefault();
}

public sealed record VolumeMount(string Source, string Target, bool ReadOnly)
{
    /// <summary>A bind mount of a path in the repository (<c>./deploy/...</c>), rather than a named volume.</summary>
    public bool IsBindMount => Source.StartsWith('.') || Source.StartsWith('/');

    public static VolumeMount Parse(string text)
    {
        var parts = text.Split(':');
        return new VolumeMount(parts[0], parts[1], parts.Length > 2 && parts[2] == "ro");
    }
}
