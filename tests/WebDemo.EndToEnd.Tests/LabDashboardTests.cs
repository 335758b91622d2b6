using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// The lesson without a terminal: `dotnet run` (Development, so the lab is on), open /dashboard, press Start. Small
/// loads and short runs: the suite has to stay quick on two cores.
/// </summary>
public sealed class LabDashboardTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task BlockingStarvesThePoolFromTheDashboardAsyncStaysHealthyAndTheVerdictAppears()
    {
        await using var api = await Apps.StartApiAsync(output, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        var (playwright, browser) = await Chromium.LaunchAsync().WaitAsync(Apps.Timeout);
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1300 } })
            .WaitAsync(Apps.Timeout);
        page.SetDefaultTimeout((float)Apps.Timeout.TotalMilliseconds);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(api.BaseAddress, "/dashboard").ToString()).WaitAsync(Apps.Timeout);
        await Assertions.Expect(page.GetByTestId("lab-start")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("HEALTHY");

        // Blocking, then async, as the boxes are ordered: the page turns red while blocking runs ...
        await ChooseAsync(page, ["blocking", "async"], clients: 64, seconds: 8, latencyMs: 200);
        await page.GetByTestId("lab-start").ClickAsync();
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("STARVING");
        await Assertions.Expect(page.GetByTestId("lab-stop")).ToBeVisibleAsync();
        // A snapshot taken while starved (the page's own requests queue too), so the charts show it.
        await Assertions.Expect(page.GetByTestId("card-delay")).ToHaveClassAsync(new Regex(@"\bbad\b"));
        var during = Path.Combine(RepositoryPaths.Artifacts, "lab-dashboard-blocking.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = during, FullPage = true });
        output.WriteLine($"Screenshot during the blocking run: {during}");

        // ... and, once the pool has shrunk back, stays healthy the whole time async runs.
        var asyncRunning = new Regex(@"^async \(2/2\): \d");
        await Assertions.Expect(page.GetByTestId("lab-state")).ToHaveTextAsync(asyncRunning, new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        var seen = new HashSet<string>();
        while (asyncRunning.IsMatch(await page.GetByTestId("lab-state").TextContentAsync() ?? ""))
        {
            seen.Add(await page.Locator("#status-title").TextContentAsync() ?? "");
            await page.WaitForTimeoutAsync(250);
        }
        Assert.Equal(["HEALTHY"], seen);

        // The table fills, and the load report's sentence appears.
        var sentence = page.GetByTestId("lab-sentence");
        await Assertions.Expect(sentence).ToHaveTextAsync(new Regex(@"^async served [\d.,]+× the throughput of blocking .*a health check waited"),
            new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#lab-rows tr[data-strategy=blocking]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#lab-rows tr[data-strategy=async]")).ToBeVisibleAsync();
        var verdict = Path.Combine(RepositoryPaths.Artifacts, "lab-dashboard-verdict.png");
        await page.GetByTestId("lab").ScreenshotAsync(new LocatorScreenshotOptions { Path = verdict });
        output.WriteLine($"Verdict: {await sentence.TextContentAsync()}; screenshot: {verdict}");

        // The full report is one click away, served by the API.
        var report = await page.Context.RunAndWaitForPageAsync(() => page.GetByTestId("lab-report").ClickAsync());
        await Assertions.Expect(report.Locator("h2", new() { HasText = "Comparison" })).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheSwaggerUiListsTheLabUnderItsOwnTag()
    {
        await using var api = await Apps.StartApiAsync(output, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        var (playwright, browser) = await Chromium.LaunchAsync().WaitAsync(Apps.Timeout);
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })
            .WaitAsync(Apps.Timeout);
        page.SetDefaultTimeout((float)Apps.Timeout.TotalMilliseconds);

        await page.GotoAsync(new Uri(api.BaseAddress, "/swagger").ToString()).WaitAsync(Apps.Timeout);
        var tag = page.Locator("#operations-tag-Lab").Locator("xpath=..");
        foreach (var operation in new[] { "StartLabRun", "ListLabRuns", "GetLabRun", "StopLabRun" })
        {
            await Assertions.Expect(page.Locator($"#operations-Lab-{operation}")).ToBeVisibleAsync();
        }
        await tag.ScrollIntoViewIfNeededAsync();
        var screenshot = Path.Combine(RepositoryPaths.Artifacts, "swagger-lab.png");
        await tag.ScreenshotAsync(new LocatorScreenshotOptions { Path = screenshot });
        output.WriteLine($"Screenshot: {screenshot}");
    }

    private static async Task ChooseAsync(IPage page, string[] strategies, int clients, int seconds, int latencyMs)
    {
        foreach (var box in await page.Locator("#lab-strategies input").AllAsync())
        {
            var value = await box.GetAttributeAsync("value");
            await box.SetCheckedAsync(Array.IndexOf(strategies, value) >= 0);
        }
        await page.Locator("#lab-clients").FillAsync(clients.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#lab-seconds").FillAsync(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#lab-latency").FillAsync(latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
