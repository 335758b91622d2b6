using System.Xml.Linq;
using WebDemo.Deployment.Tests.Docker;

namespace WebDemo.Deployment.Tests;

/// <summary>The Dockerfile's shape: a cache-friendly restore layer, non-root runtime images on the official bases.</summary>
public sealed class DockerfileTests(ITestOutputHelper output)
{
    private readonly Dockerfile _dockerfile = Stack.Dockerfile;

    [Fact]
    public void RestoreRunsBeforeTheSourcesAreCopied()
    {
        var build = _dockerfile.Stage("build");
        var restore = build.Instructions.First(instruction => instruction.Keyword == "RUN");
        Assert.StartsWith("dotnet restore", restore.Arguments, StringComparison.Ordinal);
        var copiedBefore = build.Instructions.TakeWhile(instruction => instruction != restore)
            .Where(instruction => instruction.Keyword == "COPY")
            .SelectMany(copy => copy.Rest.Split(' ')[..^1])
            .ToList();
        Assert.All(copiedBefore, source => Assert.True(
            source.EndsWith(".csproj", StringComparison.Ordinal) || source.EndsWith(".props", StringComparison.Ordinal)
            || source is "global.json" or ".editorconfig",
            $"{source} is copied before restore, so editing it would invalidate the package cache."));
        Assert.Contains("global.json", copiedBefore);
        Assert.Contains("Directory.Packages.props", copiedBefore);

        // Every project the images publish has its project file in the restore layer.
        var published = _dockerfile.Stages.SelectMany(stage => stage.All("RUN"))
            .Select(run => run.Arguments.Split(' '))
            .Where(words => words is ["dotnet", "publish", ..])
            .Select(words => words[2])
            .ToList();
        Assert.Equal(3, published.Count);
        Assert.All(published, project => Assert.Contains(project, copiedBefore));
        output.WriteLine($"published: {string.Join(", ", published)}");
    }

    [Theory]
    [InlineData("api", "aspnet", "WebDemo.Api.dll")]
    [InlineData("upstream", "aspnet", "WebDemo.Upstream.dll")]
    [InlineData("load", "runtime", "WebDemo.Load.dll")]
    public void RuntimeImagesRunTheirAppAsTheNonRootAppUser(string target, string runtime, string dll)
    {
        // The image must carry the runtime the app targets, or the container exits at start; which tag or variant does
        // not matter to a user.
        Assert.True(CarriesTheTargetFramework(_dockerfile.RootImageOf(target), runtime),
            $"{target} runs on {_dockerfile.RootImageOf(target)}, which is not the .NET {TargetFrameworkVersion} {runtime} image.");
        Assert.Equal("$APP_UID", _dockerfile.Effective(target, "USER")?.Arguments);
        Assert.Equal(["dotnet", dll], _dockerfile.Effective(target, "ENTRYPOINT")!.ExecForm());
        // Only the published output reaches the runtime image, never the SDK or the sources, and it lands in the
        // directory the entry point's relative dll path is resolved in.
        var copies = _dockerfile.Lineage(target).SelectMany(stage => stage.All("COPY")).ToList();
        var workdir = _dockerfile.Effective(target, "WORKDIR")?.Arguments;
        Assert.Contains(copies, copy => copy.Flags.TryGetValue("from", out var from) && from.StartsWith("publish-", StringComparison.Ordinal)
            && copy.Rest.Split(' ')[^1] is var destination && (destination == "." || destination.TrimEnd('/') == workdir));
        Assert.DoesNotContain(copies, copy => copy.Rest.StartsWith("src", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildUsesTheSdkOfTheTargetFrameworkAndPublishesReleaseBuilds()
    {
        Assert.True(CarriesTheTargetFramework(_dockerfile.RootImageOf("publish-api"), "sdk"),
            $"The build runs on {_dockerfile.RootImageOf("publish-api")}, which cannot build .NET {TargetFrameworkVersion}.");
        var publishes = _dockerfile.Stages.SelectMany(stage => stage.All("RUN")).Where(run => run.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        Assert.All(publishes, publish => Assert.Contains(" -c Release ", publish.Arguments, StringComparison.Ordinal));
    }

    /// <summary>"10.0" for net10.0: the TargetFramework every project inherits from Directory.Build.props.</summary>
    private static string TargetFrameworkVersion =>
        XDocument.Load(Stack.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value["net".Length..];

    /// <summary>An official .NET image of this kind (runtime, aspnet, sdk) whose tag starts with the target framework's version.</summary>
    private static bool CarriesTheTargetFramework(string image, string kind) =>
        image.StartsWith($"mcr.microsoft.com/dotnet/{kind}:{TargetFrameworkVersion}", StringComparison.Ordinal);

    [Fact]
    public void DockerIgnoreKeepsBuildOutputAndTestsOutOfTheContext()
    {
        var ignore = DockerIgnore.Load(Stack.PathOf(".dockerignore"));
        Assert.True(ignore.Excludes("src/WebDemo.Api/bin/Release/net10.0/WebDemo.Api.dll"));
        Assert.True(ignore.Excludes("src/WebDemo.Api/obj/project.assets.json"));
        Assert.True(ignore.Excludes("tests/WebDemo.Api.Tests/WebDemo.Api.Tests.csproj"));
        Assert.True(ignore.Excludes(".git/HEAD"));
        Assert.False(ignore.Excludes("src/WebDemo.Api/Program.cs"));
        Assert.False(ignore.Excludes("deploy/docker/http-health.sh"));
        Assert.False(ignore.Excludes("Directory.Packages.props"));
    }
}
