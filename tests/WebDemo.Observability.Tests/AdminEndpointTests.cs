using System.Net;
using System.Net.Http.Json;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;

namespace WebDemo.Observability.Tests;

/// <summary>The admin lever in a real process (it changes the process's thread pool), enabled with a key.</summary>
public sealed class AdminEndpointTests(AdminEndpointTests.EnabledAdminApp app) : IClassFixture<AdminEndpointTests.EnabledAdminApp>
{
    private const string Key = "test-admin-key-0123456789";

    [Fact]
    public async Task MissingKeyIsUnauthorizedAndChangesNothing()
    {
        var before = await MinThreadsAsync();

        using var response = await SetMinThreadsAsync(before + 7, key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await MinThreadsAsync());
    }

    [Fact]
    public async Task WrongKeyIsUnauthorizedAndChangesNothing()
    {
        var before = await MinThreadsAsync();

        using var response = await SetMinThreadsAsync(before + 7, key: Key + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await MinThreadsAsync());
    }

    [Fact]
    public async Task TheRightKeySetsTheMinimumThreads()
    {
        var before = await MinThreadsAsync();

        using var response = await SetMinThreadsAsync(before + 7, Key);
        var body = await response.Content.ReadFromJsonAsync<MinThreads>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new MinThreads(before, before + 7), body);
        Assert.Equal(before + 7, await MinThreadsAsync());
    }

    [Fact]
    public async Task AnImpossibleMinimumIsAValidationProblem()
    {
        using var response = await SetMinThreadsAsync(0, Key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("workerThreads", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EnablingTheLeverWithoutAKeyStopsTheAppAtStartUp()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync("WebDemo.Api",
            new Dictionary<string, string> { ["Admin__Enabled"] = "true" }, startTimeout: TimeSpan.FromSeconds(30)));

        Assert.Contains("Admin:ApiKey", failure.Message);
    }

    private async Task<int> MinThreadsAsync() =>
        (await ThreadPoolPoller.GetAsync(app.Client)).GetProperty("minWorkerThreads").GetInt32();

    private async Task<HttpResponseMessage> SetMinThreadsAsync(int workerThreads, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/threadpool/min-threads")
        {
            Content = JsonContent.Create(new { workerThreads }),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return await app.Client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed record MinThreads(int Previous, int Current);

    public sealed class EnabledAdminApp : IAsyncLifetime
    {
        private AppProcess? _process;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _process = await AppProcess.StartAsync("WebDemo.Api", new Dictionary<string, string>
            {
                ["Admin__Enabled"] = "true",
                ["Admin__ApiKey"] = Key,
            });
            Client = _process.CreateClient(TimeSpan.FromSeconds(30));
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }
    }
}
