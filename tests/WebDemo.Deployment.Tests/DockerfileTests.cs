namespace WebDemo.Deployment.Tests;

/// <summary>
/// What the real image builds (tests/WebDemo.Containers.Tests) cannot show: a build that succeeds with build output or
/// the tests in its context is only slower, so .dockerignore keeps them out.
/// </summary>
public sealed class DockerfileTests
{
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
