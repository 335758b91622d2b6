namespace WebDemo.Load.Reports;

/// <summary>How one series is drawn: colour, dash pattern ([] = solid) and marker shape.</summary>
public sealed record SeriesStyle(string Color, IReadOnlyList<double> Dash, string Marker)
{
    /// <summary>The SVG stroke-dasharray value ("none" for a solid line).</summary>
    public string DashArray => Dash.Count == 0 ? "none" : string.Join(' ', Dash.Select(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
