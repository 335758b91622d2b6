namespace WebDemo.Load.Reports;

/// <summary>The report formats the tool writes; <c>--format</c> picks some (default all).</summary>
[Flags]
public enum ReportFormats
{
    None = 0,
    Html = 1,
    Md = 2,
    Json = 4,
    Csv = 8,
    All = Html | Md | Json | Csv,
}
