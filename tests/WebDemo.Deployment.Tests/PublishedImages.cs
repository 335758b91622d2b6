using System.Globalization;
using WebDemo.Deployment.Tests.Docker;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Deployment.Tests;

/// <summary>
/// The images' build commands replayed once per test run (restore and <c>dotnet publish</c>, as the Dockerfile
/// writes them), and a way to start a published app the way its image's ENTRYPOINT and ENV start it.
/// </summary>
public sealed class PublishedImages : IAsyncLifetime
{
    private readonly List<string> _log = [];

    public DockerBuildReplay Build { get; } = new(RepositoryPaths.Root);

    /// <summary>The publish stages replayed: every image the Dockerfile builds.</summary>
    public IReadOnlyList<string> PublishStages { get; } = ["publish-api", "publish-upstream", "publish-load"];

    public async Task InitializeAsync()
    {
        foreach (var stage in PublishStages)
        {
            await Build.ReplayAsync(stage, _log.Add);
        }
    }

    /// <summary>
    /// Starts a runtime stage's app from the replayed publish output: its ENTRYPOINT from its WORKDIR, its ENV plus
    /// what the official base image sets (DOTNET_RUNNING_IN_CONTAINER=true; the api stage's ENV makes its logs JSON),
    /// its port through ASPNETCORE_HTTP_PORTS — a free one here instead of 8080, since this machine is shared.
    /// </summary>
    public async Task<(AppProcess App, string AppFolder)> StartLikeTheContainerAsync(
        string target, string readyPath, Action<string>? log = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dockerfile = Stack.Dockerfile;
        var entrypoint = dockerfile.Effective(target, "ENTRYPOINT")!.ExecForm();
        Assert.Equal("dotnet", entrypoint[0]);
        var folder = Build.AppFolderOf(target);
        var environment = new Dictionary<string, string>(Stack.BaseImageEnvironment);
        foreach (var (key, value) in dockerfile.EnvironmentOf(target).Where(env => env.Key != "ASPNETCORE_HTTP_PORTS"))
        {
            environment[key] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        Assert.True(int.TryParse(dockerfile.EnvironmentOf(target)["ASPNETCORE_HTTP_PORTS"], CultureInfo.InvariantCulture, out _));

        var launch = new AppLaunch(Path.Combine(folder, entrypoint[1])) { WorkingDirectory = folder, PortVariable = "ASPNETCORE_HTTP_PORTS" };
        return (await AppProcess.StartAsync(launch, environment, log, readyPath), folder);
    }

    public Task DisposeAsync()
    {
        Build.Dispose();
        return Task.CompletedTask;
    }
}
