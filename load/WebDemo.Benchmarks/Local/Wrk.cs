using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebDemo.Benchmarks.Local;

/// <summary>One run of wrk (the Debian package), the load tool of this machine's baselines: C, cheap per request.</summary>
public static partial class Wrk
{
    /// <summary>What wrk counted: every answer, the non-2xx ones among them, over how many seconds.</summary>
    public readonly record struct Result(long Requests, long Errors, double Seconds)
    {
        public double OkPerSecond => (Requests - Errors) / Seconds;
    }

    public static async Task<Result> RunAsync(Uri url, int connections, TimeSpan duration, string luaScript)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{duration.TotalSeconds:0}s", "--timeout", "10s", "-s", luaScript, url.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var summary = RequestsLine().Match(output);
        if (wrk.ExitCode != 0 || !summary.Success)
        {
            throw new InvalidOperationException($"wrk failed (exit {wrk.ExitCode}): {output}{errors}");
        }
        var non2xx = Non2xxLine().Match(output);
        return new Result(
            long.Parse(summary.Groups["requests"].Value, CultureInfo.InvariantCulture),
            non2xx.Success ? long.Parse(non2xx.Groups["count"].Value, CultureInfo.InvariantCulture) : 0,
            double.Parse(summary.Groups["seconds"].Value, CultureInfo.InvariantCulture) * (summary.Groups["unit"].Value == "m" ? 60 : 1));
    }

    [GeneratedRegex(@"(?<requests>\d+) requests in (?<seconds>[\d.]+)(?<unit>m|s)")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>\d+)")]
    private static partial Regex Non2xxLine();
}
