using System.Diagnostics;
using WebDemo.Testing;

namespace WebDemo.Deployment.Tests.Docker;

/// <summary>
/// Replays the Dockerfile's build stages on this machine, without a Docker engine: WORKDIR, COPY from the build
/// context (minus .dockerignore) and every <c>RUN dotnet ...</c> command exactly as written. Container paths map into
/// a scratch folder: a folder an ancestor stage created (<c>/src</c>) is shared by the stages built on it; anything
/// else (<c>/app/publish</c>) is private to the stage, as sibling stages' file systems are in Docker.
/// </summary>
public sealed class DockerBuildReplay : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private readonly Dockerfile _dockerfile;
    private readonly string _context;
    private readonly DockerIgnore _ignore;
    private readonly List<(string Prefix, string HostRoot)> _shared = [];
    private readonly Dictionary<string, string> _workdirs = []; // stage replayed -> its final WORKDIR
    private readonly List<string> _commands = [];

    /// <param name="context">The build context (the repository root).</param>
    public DockerBuildReplay(string context)
    {
        _context = context;
        _dockerfile = Dockerfile.Load(Path.Combine(context, "Dockerfile"));
        _ignore = DockerIgnore.Load(Path.Combine(context, ".dockerignore"));
        Scratch = Directory.CreateTempSubdirectory("webdemo-docker-").FullName;
    }

    public string Scratch { get; }

    /// <summary>The commands run so far, as written in the Dockerfile.</summary>
    public IReadOnlyList<string> Commands => _commands;

    /// <summary>Replays a stage and the stages it is built on (each stage once).</summary>
    public async Task ReplayAsync(string stageName, Action<string> log)
    {
        foreach (var stage in _dockerfile.Lineage(stageName).Where(stage => !_workdirs.ContainsKey(stage.Name)))
        {
            var workdir = _workdirs.GetValueOrDefault(stage.BaseImage, "/"); // a stage starts where its base stage ended
            foreach (var instruction in stage.Instructions)
            {
                switch (instruction.Keyword)
                {
                    case "WORKDIR":
                        workdir = Combine(workdir, instruction.Arguments);
                        Share(stage.Name, workdir);
                        Directory.CreateDirectory(Map(stage.Name, workdir));
                        break;
                    case "COPY" when !instruction.Flags.ContainsKey("from"):
                        Copy(stage.Name, workdir, instruction);
                        break;
                    case "RUN":
                        await RunAsync(stage.Name, workdir, instruction, log);
                        break;
                    default:
                        break; // ENV, ARG, USER, EXPOSE ...: nothing to replay for a build stage
                }
            }
            _workdirs[stage.Name] = workdir;
        }
    }

    /// <summary>
    /// Where the files a runtime stage copies into its WORKDIR (<c>COPY --from=publish-api /app/publish .</c>) are
    /// after the replay: the folder that plays the container's <c>/app</c>.
    /// </summary>
    public string AppFolderOf(string runtimeStage)
    {
        var copy = _dockerfile.Lineage(runtimeStage).SelectMany(stage => stage.All("COPY"))
            .Single(copy => copy.Flags.ContainsKey("from") && copy.Rest.Split(' ')[^1] == ".");
        return Map(copy.Flags["from"], copy.Rest.Split(' ')[0]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A process that has not quite exited may still hold a file; the OS cleans the temp folder eventually.
        }
    }

    private void Copy(string stage, string workdir, DockerInstruction copy)
    {
        var arguments = copy.Rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var destination = Combine(workdir, arguments[^1]);
        Share(stage, destination);
        foreach (var source in arguments[..^1])
        {
            var relative = source.TrimEnd('/');
            var from = Path.Combine(_context, relative);
            var to = Map(stage, destination);
            if (File.Exists(from))
            {
                var target = arguments[^1].EndsWith('/') || arguments.Length > 2 || arguments[^1] == "."
                    ? Path.Combine(to, Path.GetFileName(from))
                    : to;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(from, target, overwrite: true);
            }
            else if (Directory.Exists(from))
            {
                CopyFolder(from, to);
            }
            else
            {
                throw new FileNotFoundException($"Dockerfile line {copy.Line}: COPY source {source} does not exist.", from);
            }
        }
    }

    private void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var contextPath = Path.GetRelativePath(_context, file).Replace('\\', '/');
            if (_ignore.Excludes(contextPath))
            {
                continue;
            }
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private async Task RunAsync(string stage, string workdir, DockerInstruction run, Action<string> log)
    {
        foreach (var command in run.Arguments.Split("&&", StringSplitOptions.TrimEntries))
        {
            var arguments = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (arguments[0] != "dotnet")
            {
                throw new InvalidOperationException(
                    $"Dockerfile line {run.Line}: the build stages run only dotnet commands, so the tests can replay them; found '{command}'.");
            }

            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Map(stage, workdir),
            };
            foreach (var argument in arguments.Skip(1))
            {
                start.ArgumentList.Add(argument.StartsWith('/') ? Map(stage, argument) : argument);
            }
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            // As in a container, nothing outlives the command: no MSBuild nodes or compiler servers left running.
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["UseSharedCompilation"] = "false";

            log($"$ {command}");
            _commands.Add(command);
            var commandRun = new CommandRun(); // its output is shown only when it fails
            var exitCode = await commandRun.RunAsync(start, CommandTimeout);
            if (exitCode != 0)
            {
                throw new InvalidOperationException(
                    $"Dockerfile line {run.Line}: '{command}' exited with {exitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, commandRun.Lines)}");
            }
        }
    }

    private void Share(string stage, string containerFolder)
    {
        if (!_shared.Any(shared => IsUnder(containerFolder, shared.Prefix)))
        {
            _shared.Add((containerFolder, Path.Combine(Scratch, stage)));
        }
    }

    private string Map(string stage, string containerPath)
    {
        var root = _shared.FirstOrDefault(shared => IsUnder(containerPath, shared.Prefix)).HostRoot ?? Path.Combine(Scratch, stage);
        return Path.Combine(root, containerPath.TrimStart('/'));
    }

    private static bool IsUnder(string path, string folder) =>
        folder == "/" || path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Combine(string workdir, string path) =>
        path == "." ? workdir
        : path.StartsWith('/') ? path.TrimEnd('/')
        : $"{workdir.TrimEnd('/')}/{path.TrimEnd('/')}";
}
