using Microsoft.Playwright;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>The dashboard's "who is blocking" panel in the system Chromium, against a real API process under blocking load.</summary>
[Collection(HeavyLoad.Name)]
public sealed class StackCapturePanelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThePanelNamesTheBlockingCodeDuringABlockingRun()
    {
        await using var app = await StackCaptureApp.StartAsync(output);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1300 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text); // e.g. a request the panel should not have made (a 404 or a 401)
            }
        };
        await page.GotoAsync(new Uri(app.Process.BaseAddress, "/dashboard").ToString());

        // The routes show code structure: the panel asks for the admin key first.
        await Assertions.Expect(page.GetByTestId("stacks-state")).ToContainTextAsync("admin key", new() { Timeout = 10_000 });
        await page.GetByTestId("stacks-key").FillAsync(StackCaptureApp.Key);
        await page.GetByTestId("stacks-key").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("stacks-state")).ToContainTextAsync("No capture yet", new() { Timeout = 10_000 });

        var load = ConcurrentLoad.RunAsync(app.Process.BaseAddress, "/embeddings/blocking?latencyMs=1000", concurrency: 64, TimeSpan.FromSeconds(20));
        var topChain = page.GetByTestId("stacks-top-chain");
        await Assertions.Expect(topChain).ToContainTextAsync("BlockingStrategy.Handle", new() { Timeout = 40_000 });
        await Assertions.Expect(topChain).ToContainTextAsync("Thread.Sleep");
        await Assertions.Expect(page.GetByTestId("stacks-meta")).ToContainTextAsync("automatic");
        var screenshot = Path.Combine(RepositoryPaths.Artifacts, "dashboard-who-is-blocking.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot of the panel under blocking load: {screenshot}");
        await load;

        Assert.Empty(errors);
    }
}
