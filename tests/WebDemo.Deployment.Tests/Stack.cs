using WebDemo.Deployment.Tests.Compose;
using WebDemo.Testing;

namespace WebDemo.Deployment.Tests;

/// <summary>The repository's docker-compose.yml, parsed, and the way to the files it names.</summary>
internal static class Stack
{
    public static ComposeFile Compose => ComposeFile.Load(PathOf("docker-compose.yml"));

    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(RepositoryPaths.Root, relativePath.TrimStart('/')));
}
