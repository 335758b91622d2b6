using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests.Infrastructure;

/// <summary>A real API process with the admin lever (and so the stack-capture routes) enabled, and a client that sends the key.</summary>
public sealed class StackCaptureApp : IAsyncDisposable
{
    public const string Key = "stack-capture-test-key-0123";

    private StackCaptureApp(AppProcess process)
    {
        Process = process;
        Client = process.CreateClient(TimeSpan.FromSeconds(60));
        Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }

    public AppProcess Process { get; }

    public HttpClient Client { get; }

    public static async Task<StackCaptureApp> StartAsync(ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string> { ["Admin__Enabled"] = "true", ["Admin__ApiKey"] = Key };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        return new StackCaptureApp(await AppProcess.StartAsync("WebDemo.Api", all, output.WriteLine));
    }

    public async Task<JsonElement> RecentAsync() =>
        await Client.GetFromJsonAsync<JsonElement>("/diagnostics/stacks/recent").WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Polls the kept captures until one matches, or fails after the timeout.</summary>
    public async Task<JsonElement> WaitForCaptureAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var captures = new List<JsonElement>();
        var found = await Eventually.ValueAsync(
            async () =>
            {
                captures = (await RecentAsync()).GetProperty("captures").EnumerateArray().ToList();
                return captures.FirstOrDefault(match);
            },
            capture => capture.ValueKind == JsonValueKind.Object,
            timeout, () => $"a matching stack capture was kept (kept: {string.Join(", ", captures)})", TimeSpan.FromMilliseconds(250));
        return await Client.GetFromJsonAsync<JsonElement>($"/diagnostics/stacks/{found.GetProperty("id").GetInt64()}")
            .WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
