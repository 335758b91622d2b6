namespace WebDemo.Processes;

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

    /// <summary>
    /// Variables of this process the app must not inherit: the load tool runs with client socket settings that would
    /// make a server stall (see the load tool's <c>ClientSocketEngine</c>).
    /// </summary>
    public IReadOnlyCollection<string> UninheritedVariables { get; init; } = [];

    /// <summary>
    /// How many of the latest output lines to keep; all when null (tests assert on them). A long load run keeps only
    /// enough to explain a failed start.
    /// </summary>
    public int? OutputLinesKept { get; init; }
}
