namespace WebDemo.AppHost;

internal static class UpstreamExtensions
{
    /// <summary>
    /// The API's Http backend calls <c>http://upstream/</c>, a name rather than an address: Aspire hands the API the
    /// upstream's endpoints (<c>services__upstream__http__0</c>) and the API's service discovery (WebDemo.ServiceDefaults)
    /// resolves the name on every call, blocking ones included. The other backends never call it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithUpstreamThroughServiceDiscovery(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> upstream) => api
        .WithEnvironment("Backend__Http__BaseUrl", $"http://{upstream.Resource.Name}/")
        .WithReference(upstream)
        .WaitFor(upstream);
}
