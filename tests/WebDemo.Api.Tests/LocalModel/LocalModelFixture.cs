using System.Text.Json;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Embedding.Local;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.LocalModel;

/// <summary>
/// One API with <c>Backend:Kind=Local</c> for every test of the collection: the model is loaded once (about 1-2 s and
/// 90 MB) instead of once per test. The tests only read from it, so sharing it is safe.
/// </summary>
public sealed class LocalModelFixture : IAsyncLifetime
{
    // The shared app logs nowhere: a collection fixture has no test output to write to.
    public ApiFactory Factory { get; } = new(output: null, new Dictionary<string, string?>
    {
        ["Backend:Kind"] = "Local",
        ["Backend:Local:Workers"] = "2",
    });

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The app's own encoder, called directly: the reference every answer is compared with.</summary>
    public LocalEncoder Encoder => Factory.GetRequiredService<LocalEncoder>();

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>Posts <paramref name="body"/> and returns the vectors of a 200 answer, in input order.</summary>
    public async Task<float[][]> EmbedAsync(string route, object body)
    {
        using var response = await Client.PostJsonAsync(route, JsonSerializer.Serialize(body));
        await response.AssertStatusAsync(System.Net.HttpStatusCode.OK);
        return Vectors(await response.ReadJsonAsync());
    }

    public static float[][] Vectors(JsonElement answer) =>
    [
        .. answer.GetProperty("data").EnumerateArray()
            .Select(item => item.GetProperty("embedding").EnumerateArray().Select(number => number.GetSingle()).ToArray()),
    ];
}

[CollectionDefinition(Name)]
public sealed class SharedLocalModel : ICollectionFixture<LocalModelFixture>
{
    public const string Name = "Local model";
}
