using System.Text.Json;
using System.Text.RegularExpressions;
using WebDemo.Api.Embeddings.Strategies;
using WebDemo.Embedding;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Strategies;

/// <summary>The strategy table is the one list of strategies: what clients call and what the dashboards draw follow it.</summary>
public sealed class StrategyTableTests
{
    [Fact]
    public void TheTableServesExactlyTheStrategiesClientsKnowInTheSameOrder()
    {
        Assert.Equal(StrategyNames.All, StrategyTable.Names);
        Assert.Equal(StrategyNames.All.Select(StrategyNames.RouteOf), StrategyTable.All.Select(strategy => strategy.Route));
    }

    [Fact]
    public void TheDashboardPaletteStylesExactlyTheStrategiesOfTheTable()
    {
        var file = Path.Combine(RepositoryPaths.Root, "src", "WebDemo.Api", "wwwroot", "dashboard", "strategy-palette.json");
        using var palette = JsonDocument.Parse(File.ReadAllText(file));

        var styled = palette.RootElement.GetProperty("strategies").EnumerateObject().Select(property => property.Name);

        Assert.Equal(StrategyTable.Names, styled);
    }

    [Fact]
    public void TheLabOffersExactlyTheStrategiesOfTheTable()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "WebDemo.Api", "wwwroot", "dashboard", "index.html"));
        var lab = page[page.IndexOf("id=\"lab-strategies\"", StringComparison.Ordinal)..page.IndexOf("</fieldset>", StringComparison.Ordinal)];

        var offered = Regex.Matches(lab, "<input type=\"checkbox\" value=\"(?<name>[^\"]+)\"").Select(match => match.Groups["name"].Value);

        Assert.Equal(StrategyTable.Names, offered);
    }
}
