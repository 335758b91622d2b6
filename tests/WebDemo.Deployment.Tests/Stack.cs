using WebDemo.Deployment.Tests.Compose;
using WebDemo.Deployment.Tests.Docker;
using WebDemo.Testing;

namespace WebDemo.Deployment.Tests;

/// <summary>The repository's Dockerfile and docker-compose.yml, parsed, and facts the checks share.</summary>
internal static class Stack
{
    /// <summary>Set by the official .NET images (mcr.microsoft.com/dotnet/runtime-deps and everything built on it).</summary>
    public static readonly IReadOnlyDictionary<string, string> BaseImageEnvironment =
        new Dictionary<string, string> { ["DOTNET_RUNNING_IN_CONTAINER"] = "true" };

    public static Dockerfile Dockerfile => Dockerfile.Load(PathOf("Dockerfile"));

    public static ComposeFile Compose => ComposeFile.Load(PathOf("docker-compose.yml"));

    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(RepositoryPaths.Root, relativePath.TrimStart('/')));

    /// <summary>The port a compose service built from the Dockerfile listens on inside its container.</summary>
    public static int ContainerPortOf(ComposeService service) =>
        int.Parse(Dockerfile.EnvironmentOf(service.Build!.Target!)["ASPNETCORE_HTTP_PORTS"], System.Globalization.CultureInfo.InvariantCulture);
}
