using Microsoft.Playwright;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>The live dashboard in the system Chromium against a real API process.</summary>
[Collection(HeavyLoad.Name)]
public sealed class DashboardTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheDashboardShowsStarvationHappenAndRecover()
    {
        await using var app = await AppProcess.StartAsync("WebDemo.Api");
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1150 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        // Loads, and its numbers update every second.
        await page.GotoAsync(new Uri(app.BaseAddress, "/dashboard").ToString());
        await Assertions.Expect(page.GetByTestId("threads")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"),
            new() { Timeout = 10_000 });
        var firstUpdate = await page.GetByTestId("updated").TextContentAsync();
        await Assertions.Expect(page.GetByTestId("updated")).Not.ToHaveTextAsync(firstUpdate!, new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("HEALTHY", new() { Timeout = 10_000 });
        await UpdatesAsync(page, 4); // some healthy history on the charts before the load

        // Under blocking load the page must say so.
        var load = ConcurrentLoad.RunAsync(app.BaseAddress, "/embeddings/blocking?latencyMs=1000", concurrency: 64, TimeSpan.FromSeconds(14));
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("STARVING", new() { Timeout = 10_000 });
        // Wait for a snapshot taken while starved (the page's own requests queue too), so the charts show it.
        await Assertions.Expect(page.GetByTestId("card-delay")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbad\b"),
            new() { Timeout = 14_000 });
        await UpdatesAsync(page, 2); // the starved samples drawn on the charts
        var underLoad = Path.Combine(RepositoryPaths.Artifacts, "dashboard-blocking.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = underLoad, FullPage = true });
        output.WriteLine($"Screenshot under blocking load: {underLoad}");
        await load;

        // And when the load is gone, it recovers.
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("HEALTHY", new() { Timeout = 30_000 });
        await UpdatesAsync(page, 2);
        var recovered = Path.Combine(RepositoryPaths.Artifacts, "dashboard-recovered.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = recovered, FullPage = true });
        output.WriteLine($"Screenshot after recovery: {recovered}");

        Assert.Empty(errors);
    }

    /// <summary>Waits until the page has shown <paramref name="count"/> more snapshots (its "updated" time changes each).</summary>
    private static async Task UpdatesAsync(IPage page, int count)
    {
        var updated = page.GetByTestId("updated");
        for (var i = 0; i < count; i++)
        {
            var shown = await updated.TextContentAsync();
            await Assertions.Expect(updated).Not.ToHaveTextAsync(shown!, new() { Timeout = 15_000 });
        }
    }
}
