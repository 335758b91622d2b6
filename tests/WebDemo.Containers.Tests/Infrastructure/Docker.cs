using System.Diagnostics;
using WebDemo.Testing;

namespace WebDemo.Containers.Tests.Infrastructure;

/// <summary>The Docker engine the tests use (DOCKER_HOST, as ./test.sh sets it) and its two command-line tools.</summary>
internal static class Docker
{
    /// <summary>Debian's docker CLI: it builds with the daemon's BuildKit (the 28.x CLI first on PATH here has no buildx).</summary>
    public const string Cli = "/usr/bin/docker";

    /// <summary>Compose v1 (Debian's docker-compose 1.29); it reads the same docker-compose.yml and .env as Compose v2.</summary>
    public const string Compose = "docker-compose";

    private static readonly Lazy<Task> Reachable = new(CheckReachableAsync);

    /// <summary>Fails with one line saying how to get an engine when there is none.</summary>
    public static Task EnsureReachableAsync() => Reachable.Value;

    public static async Task<CommandResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // docker-compose builds through the docker CLI on PATH: Debian's, with BuildKit.
        start.Environment["PATH"] = $"/usr/bin:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["DOCKER_BUILDKIT"] = "1";
        start.Environment["COMPOSE_DOCKER_CLI_BUILD"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} took longer than {timeout.TotalSeconds:0} s.");
        }
        return new CommandResult(process.ExitCode, Lines(await stdout), Lines(await stderr));
    }

    private static async Task CheckReachableAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "the default socket";
        var version = await RunAsync(Cli, ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(30));
        if (version.ExitCode != 0)
        {
            throw new InvalidOperationException($"No Docker engine at {host} ({(version.Stderr.Count > 0 ? version.Stderr[^1] : "no answer")}): run ./test.sh, " +
                "which starts one and builds the stand-in base images (tests/containers/engine.sh), or set DOCKER_HOST to a running engine.");
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A finished command: its exit code and its output lines.</summary>
internal sealed record CommandResult(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    /// <summary>The output of a command that must succeed; otherwise an exception naming its error.</summary>
    public IReadOnlyList<string> Checked(string what) => ExitCode == 0
        ? Stdout
        : throw new InvalidOperationException($"{what} failed ({ExitCode}): {string.Join(Environment.NewLine, Stderr.TakeLast(30))}");
}
