using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebDemo.Containers.Tests.Infrastructure;

/// <summary>
/// The three images docker-compose.yml builds from the Dockerfile (api, upstream, load), built once per test run by
/// <c>docker-compose build</c>: one build of the shared restore and source stages (BuildKit's cache), then each image's
/// own publish stage. The base images are the stand-ins ./test.sh exports as the Dockerfile's DOTNET_*_IMAGE build
/// arguments, or, where they are not set, the Dockerfile's defaults: the official images.
/// </summary>
internal static partial class StackImages
{
    public static readonly string[] Services = ["api", "upstream", "load"];
    private static readonly string[] BaseImageArguments = ["DOTNET_SDK_IMAGE", "DOTNET_ASPNET_IMAGE", "DOTNET_RUNTIME_IMAGE"];
    private static readonly Lazy<Task<StackBuild>> Built = new(BuildAsync);

    public static Task<StackBuild> EnsureBuiltAsync() => Built.Value;

    private static async Task<StackBuild> BuildAsync()
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
        var build = await Docker.RunAsync(Docker.Compose, [.. arguments, .. Services], TimeSpan.FromMinutes(15));
        build.Checked("docker-compose build");
        // BuildKit sends what changed in the context since its last build: everything on a first build, and whatever
        // .dockerignore newly lets through (build output, tests) on the build after it changed.
        var transfers = build.Stdout.Concat(build.Stderr).Select(line => ContextTransfer().Match(line)).Where(match => match.Success)
            .Select(match => double.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture) * match.Groups["unit"].Value switch
            {
                "kB" => 1e3, "MB" => 1e6, "GB" => 1e9, _ => 1,
            }).ToList();
        return new StackBuild(Stopwatch.GetElapsedTime(started), transfers.Count > 0 ? (long)transfers.Max() : -1);
    }

    [GeneratedRegex(@"transferring context: (?<size>\d+(\.\d+)?)(?<unit>[kMG]?B)")]
    private static partial Regex ContextTransfer();
}

/// <summary>How long <c>docker-compose build</c> took and the largest build context it sent to the engine (-1: none seen).</summary>
internal sealed record StackBuild(TimeSpan Took, long LargestContextBytes);
