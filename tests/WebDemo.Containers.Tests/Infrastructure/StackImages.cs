using System.Diagnostics;

namespace WebDemo.Containers.Tests.Infrastructure;

/// <summary>
/// The three images docker-compose.yml builds from the Dockerfile (api, upstream, load), built once per test run by
/// <c>docker-compose build</c>: one build of the shared restore and source stages (BuildKit's cache), then each image's
/// own publish stage. The base images are the stand-ins ./test.sh exports as the Dockerfile's DOTNET_*_IMAGE build
/// arguments, or, where they are not set, the Dockerfile's defaults: the official images.
/// </summary>
internal static class StackImages
{
    public static readonly string[] Services = ["api", "upstream", "load"];
    private static readonly string[] BaseImageArguments = ["DOTNET_SDK_IMAGE", "DOTNET_ASPNET_IMAGE", "DOTNET_RUNTIME_IMAGE"];
    private static readonly Lazy<Task<TimeSpan>> Built = new(BuildAsync);

    /// <summary>How long the build took (seconds when every layer was cached from an earlier run).</summary>
    public static Task<TimeSpan> EnsureBuiltAsync() => Built.Value;

    private static async Task<TimeSpan> BuildAsync()
    {
        await Docker.EnsureReachableAsync();
        var arguments = new List<string> { "--profile", "load", "build" };
        foreach (var name in BaseImageArguments)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } image)
            {
                arguments.AddRange(["--build-arg", $"{name}={image}"]);
            }
        }
        var started = Stopwatch.GetTimestamp();
        (await Docker.RunAsync(Docker.Compose, [.. arguments, .. Services], TimeSpan.FromMinutes(15))).Checked("docker-compose build");
        return Stopwatch.GetElapsedTime(started);
    }
}
