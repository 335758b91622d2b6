using System.Text.Json;

namespace WebDemo.Deployment.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined: <c>RUN dotnet publish ...</c>.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The <c>--name=value</c> flags at the start of the arguments (COPY --from, HEALTHCHECK --interval ...).</summary>
    public IReadOnlyDictionary<string, string> Flags => Split().Flags;

    /// <summary>The arguments after the flags.</summary>
    public string Rest => Split().Remainder;

    /// <summary>The exec form <c>["dotnet", "App.dll"]</c> of ENTRYPOINT, CMD and HEALTHCHECK ... CMD.</summary>
    public IReadOnlyList<string> ExecForm()
    {
        var json = Rest.StartsWith("CMD ", StringComparison.Ordinal) ? Rest[4..].Trim() : Rest;
        return JsonSerializer.Deserialize<string[]>(json)
            ?? throw new InvalidOperationException($"Line {Line}: {Keyword} is not in exec form.");
    }

    private (Dictionary<string, string> Flags, string Remainder) Split()
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = Arguments;
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOf(' ', StringComparison.Ordinal);
            var flag = end < 0 ? rest : rest[..end];
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            flags[equals < 0 ? flag[2..] : flag[2..equals]] = equals < 0 ? "" : flag[(equals + 1)..];
            rest = end < 0 ? "" : rest[(end + 1)..].TrimStart();
        }
        return (flags, rest);
    }
}

/// <summary>A build stage: <c>FROM {BaseImage} AS {Name}</c> and its instructions.</summary>
public sealed record DockerStage(string Name, string BaseImage, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(instruction => instruction.Keyword == keyword);
}

/// <summary>
/// Just enough of the Dockerfile format to check this repository's Dockerfile and to replay its build commands:
/// stages, parser directives and comments, line continuations, flags and exec-form arguments.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public static Dockerfile Load(string path)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var instruction in ReadInstructions(File.ReadAllLines(path)))
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase)
                    ? parts[2]
                    : throw new FormatException($"Line {instruction.Line}: every stage must be named (FROM image AS name).");
                current = [];
                stages.Add(new DockerStage(name, parts[0], current));
            }
            else
            {
                (current ?? throw new FormatException($"Line {instruction.Line}: {instruction.Keyword} before the first FROM.")).Add(instruction);
            }
        }
        return new Dockerfile(stages);
    }

    public DockerStage Stage(string name) =>
        Stages.SingleOrDefault(stage => stage.Name == name)
        ?? throw new KeyNotFoundException($"The Dockerfile has no stage '{name}' (stages: {string.Join(", ", Stages.Select(s => s.Name))}).");

    /// <summary>The stage and the stages it is built FROM, the first ancestor first.</summary>
    public IReadOnlyList<DockerStage> Lineage(string name)
    {
        var lineage = new List<DockerStage>();
        for (var stage = Stage(name); ; stage = Stage(stage.BaseImage))
        {
            lineage.Insert(0, stage);
            if (!Stages.Any(other => other.Name == stage.BaseImage))
            {
                return lineage;
            }
        }
    }

    /// <summary>The image a stage finally runs on (<c>mcr.microsoft.com/dotnet/aspnet:10.0</c>).</summary>
    public string RootImageOf(string name) => Lineage(name)[0].BaseImage;

    /// <summary>ENV values in effect in a stage (its own and inherited from the stages it is built on).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentOf(string name)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in Lineage(name).SelectMany(stage => stage.All("ENV")))
        {
            foreach (var pair in env.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }
        return environment;
    }

    /// <summary>The last instruction of a kind in effect in a stage (ENTRYPOINT, HEALTHCHECK, USER, WORKDIR ...).</summary>
    public DockerInstruction? Effective(string name, string keyword) =>
        Lineage(name).SelectMany(stage => stage.All(keyword)).LastOrDefault();

    private static IEnumerable<DockerInstruction> ReadInstructions(string[] lines)
    {
        var text = "";
        var startLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue; // comments and parser directives, also between continuation lines
            }
            if (text.Length == 0)
            {
                startLine = i + 1;
            }
            var continues = line.EndsWith('\\');
            text += (text.Length == 0 ? "" : " ") + (continues ? line[..^1].Trim() : line);
            if (!continues)
            {
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                yield return new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim(), startLine);
                text = "";
            }
        }
    }
}
