namespace WebDemo.Load.Engine.Transport;

/// <summary>Chooses the transport for a target: raw HTTP/1.1 sockets for http://, HttpClient for https://.</summary>
public static class LoadTransport
{
    /// <summary>The header the API stamps on each embedding answer with its current thread-pool size.</summary>
    public const string ThreadPoolThreadsHeader = "x-threadpool-threads";

    public static ILoadTransport Create(ScenarioSettings settings)
    {
        var uri = new Uri(settings.Target, settings.Path);
        return uri.Scheme == Uri.UriSchemeHttp
            ? new Http1Transport(uri, settings.Method, settings.Body)
            : new HttpClientTransport(uri, settings.Method, settings.Body);
    }
}
