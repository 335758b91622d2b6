using WebDemo.Processes;

namespace WebDemo.EndToEnd.Tests;

/// <summary>The two apps as real processes, with their output in the test's log.</summary>
internal static class Apps
{
    /// <summary>Generous bound for every await against a real process on a busy 2-core machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static Task<AppProcess> StartApiAsync(ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null) =>
        AppProcess.StartAsync("WebDemo.Api", settings, line => output.WriteLine($"[api] {line}"));

    public static Task<AppProcess> StartUpstreamAsync(ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null) =>
        AppProcess.StartAsync("WebDemo.Upstream", settings, line => output.WriteLine($"[upstream] {line}"), readyPath: "/health");

    /// <summary>The API in front of a running upstream (<c>Backend:Kind=Http</c>).</summary>
    public static Task<AppProcess> StartApiInFrontOfAsync(
        AppProcess upstream, ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Backend__Kind"] = "Http",
            ["Backend__Http__BaseUrl"] = upstream.BaseAddress.ToString(),
        };
        return StartApiAsync(output, all);
    }
}
