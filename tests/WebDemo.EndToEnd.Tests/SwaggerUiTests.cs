using Microsoft.Playwright;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>What a developer does first: open Swagger UI in a browser and try a strategy.</summary>
public sealed class SwaggerUiTests(ITestOutputHelper output)
{
    private static readonly float BrowserTimeoutMs = (float)TimeSpan.FromSeconds(30).TotalMilliseconds;

    [Fact]
    public async Task TryingTheAsyncStrategyInSwaggerUiShowsAVectorAndTheDiagnosticHeaders()
    {
        await using var api = await Apps.StartApiAsync(output);
        var (playwright, browser) = await Chromium.LaunchAsync().WaitAsync(Apps.Timeout);
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })
            .WaitAsync(Apps.Timeout);
        page.SetDefaultTimeout(BrowserTimeoutMs);

        await page.GotoAsync(new Uri(api.BaseAddress, "/swagger").ToString()).WaitAsync(Apps.Timeout);
        var operation = page.Locator("#operations-Strategies-EmbedAsync");
        await operation.Locator(".opblock-summary").First.ClickAsync().WaitAsync(Apps.Timeout);
        await operation.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync().WaitAsync(Apps.Timeout);
        await operation.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync().WaitAsync(Apps.Timeout);

        var liveResponse = operation.Locator(".live-responses-table .response");
        await Assertions.Expect(liveResponse.Locator(".response-col_status")).ToHaveTextAsync("200").WaitAsync(Apps.Timeout);
        var body = liveResponse.Locator(".response-col_description .microlight").First;
        await Assertions.Expect(body).ToContainTextAsync("\"embedding\"").WaitAsync(Apps.Timeout);
        // A vector: the first numbers of the embedding array.
        await Assertions.Expect(body).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"""embedding"":\s*\[\s*-?\d"))
            .WaitAsync(Apps.Timeout);
        var headers = liveResponse.Locator(".response-col_description").GetByText("x-strategy: async");
        await Assertions.Expect(headers).ToBeVisibleAsync().WaitAsync(Apps.Timeout);

        // From the operation's header down to the live response: what the developer just did and what came back.
        var top = await operation.BoundingBoxAsync().WaitAsync(Apps.Timeout);
        var bottom = await liveResponse.BoundingBoxAsync().WaitAsync(Apps.Timeout);
        Assert.NotNull(top);
        Assert.NotNull(bottom);
        var scrollY = await page.EvaluateAsync<float>("() => window.scrollY").WaitAsync(Apps.Timeout); // boxes are relative to the viewport
        var screenshot = Path.Combine(RepositoryPaths.Artifacts, "swagger-async.png");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = screenshot,
            FullPage = true,
            Clip = new Clip { X = top.X, Y = top.Y + scrollY, Width = top.Width, Height = bottom.Y + bottom.Height - top.Y },
        }).WaitAsync(Apps.Timeout);
        output.WriteLine($"Screenshot: {screenshot}");
    }
}
