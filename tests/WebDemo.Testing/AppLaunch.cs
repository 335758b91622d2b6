namespace WebDemo.Testing;

/// <summary>How to start an app with <see cref="AppProcess"/>: <c>dotnet {Dll}</c>, and how to hand it its port.</summary>
/// <param name="Dll">Full path of the app's entry assembly.</param>
public sealed record AppLaunch(string Dll)
{
    /// <summary>The process's working directory; the dll's folder when null (as in the images: <c>WORKDIR /app</c>).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// An environment variable that receives the port number, e.g. <c>ASPNETCORE_HTTP_PORTS</c> as in the container
    /// images. When null the app gets <c>--urls http://127.0.0.1:{port}</c>.
    /// </summary>
    public string? PortVariable { get; init; }
}
