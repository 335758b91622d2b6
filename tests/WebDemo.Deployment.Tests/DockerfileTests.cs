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
    [InlineData("api", "mcr.microsoft.com/dotnet/aspnet:10.0", "WebDemo.Api.dll")]
    [InlineData("upstream", "mcr.microsoft.com/dotnet/aspnet:10.0", "WebDemo.Upstream.dll")]
    [InlineData("load", "mcr.microsoft.com/dotnet/runtime:10.0", "WebDemo.Load.dll")]
    public void RuntimeImagesRunTheirAppAsTheNonRootAppUser(string target, string baseImage, string dll)
    {
        Assert.Equal(baseImage, _dockerfile.RootImageOf(target));
        Assert.Equal("$APP_UID", _dockerfile.Effective(target, "USER")?.Arguments);
        Assert.Equal("/app", _dockerfile.Effective(target, "WORKDIR")?.Arguments);
        Assert.Equal(["dotnet", dll], _dockerfile.Effective(target, "ENTRYPOINT")!.ExecForm());
        // Only the published output reaches the runtime image, never the SDK or the sources.
        var copies = _dockerfile.Lineage(target).SelectMany(stage => stage.All("COPY")).ToList();
        Assert.Contains(copies, copy => copy.Flags.TryGetValue("from", out var from) && from.StartsWith("publish-", StringComparison.Ordinal));
        Assert.DoesNotContain(copies, copy => copy.Rest.StartsWith("src", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildUsesTheSdkImageAndPublishesReleaseBuilds()
    {
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", _dockerfile.RootImageOf("publish-api"));
        var publishes = _dockerfile.Stages.SelectMany(stage => stage.All("RUN")).Where(run => run.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        Assert.All(publishes, publish => Assert.Contains(" -c Release ", publish.Arguments, StringComparison.Ordinal));
    }

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
