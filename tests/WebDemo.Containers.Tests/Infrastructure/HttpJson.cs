using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Testing;

namespace WebDemo.Containers.Tests.Infrastructure;

/// <summary>JSON over HTTP to the published ports, each answer checked for success.</summary>
internal static class HttpJson
{
    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string route, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(route, UriKind.Relative), body);
        return await ReadAsync(response, $"POST {route}");
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string route)
    {
        using var response = await client.GetAsync(new Uri(route, UriKind.Relative));
        return await ReadAsync(response, $"GET {route}");
    }

    /// <summary>Waits until the API answers its readiness probe (after a start, or after a test that starved it).</summary>
    public static Task WaitUntilReadyAsync(this HttpClient api) => Eventually.HoldsAsync(async () =>
    {
        try
        {
            using var ready = await api.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return ready.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }, TimeSpan.FromMinutes(2), "the API answered /health/ready", TimeSpan.FromMilliseconds(500));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string request)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{request} -> {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }
}
