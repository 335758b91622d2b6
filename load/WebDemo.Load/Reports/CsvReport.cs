using System.Text;
using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>summary.csv (one row per scenario) and timeseries.csv (one row per scenario and second), for spreadsheets.</summary>
public static class CsvReport
{
    public static string Summary(LoadReport report)
    {
        var percentiles = ReportText.Percentiles(report);
        var text = new StringBuilder();
        text.Append("scenario,model,simulations,ok,failed,dropped,rps,ok_rps,");
        text.Append(string.Concat(percentiles.Select(p => $"{HistogramData.PercentileName(p).Replace('.', '_')}_ms,")));
        text.AppendLine("mean_ms,max_ms,service_p99_ms,health_p50_ms,health_p99_ms,health_max_ms,max_threads,max_scheduling_delay_ms,starvation_events,bytes_received,verdict");
        foreach (var scenario in report.Scenarios)
        {
            var latency = scenario.Latency.Histogram();
            var bystander = scenario.Bystander.Latency.Histogram();
            text.Append($"{Quote(scenario.Name)},{scenario.Model},{Quote(scenario.Simulations)},{scenario.Requests.Ok},{scenario.Requests.Failed},{scenario.Requests.Dropped},");
            text.Append($"{ReportText.Csv(scenario.Rps)},{ReportText.Csv(scenario.OkRps)},");
            text.Append(string.Concat(percentiles.Select(p => $"{ReportText.Csv(latency.ValueAtPercentile(p) / 1000)},")));
            text.Append($"{ReportText.Csv(latency.MeanMicroseconds / 1000)},{ReportText.Csv(latency.MaxMicroseconds / 1000.0)},{ReportText.Csv(ReportText.Percentile(scenario.ServiceTime, 99) / 1000)},");
            text.Append($"{ReportText.Csv(bystander.ValueAtPercentile(50) / 1000)},{ReportText.Csv(bystander.ValueAtPercentile(99) / 1000)},{ReportText.Csv(bystander.MaxMicroseconds / 1000.0)},");
            text.AppendLine($"{scenario.Server.MaxThreads},{(scenario.Server.MaxSchedulingDelayMs is { } delay ? ReportText.Csv(delay) : "")},{scenario.Server.StarvationEvents},{scenario.Requests.BytesReceived},{Quote(scenario.Verdict())}");
        }
        return text.ToString();
    }

    public static string TimeSeries(LoadReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("scenario,second,requests,ok,failed,dropped,in_flight,p50_ms,p99_ms,max_ms,bystander_requests,bystander_max_ms,server_threads,queue_length,scheduling_delay_ms,scheduling_delay_max_ms,starvation_events");
        foreach (var scenario in report.Scenarios)
        {
            foreach (var s in scenario.TimeSeries)
            {
                text.AppendLine($"{Quote(scenario.Name)},{s.Second},{s.Requests},{s.Ok},{s.Failed},{s.Dropped},{s.InFlight},{ReportText.Csv(s.P50Ms)},{ReportText.Csv(s.P99Ms)},{ReportText.Csv(s.MaxMs)}," +
                    $"{s.BystanderRequests},{Optional(s.BystanderMaxMs)},{s.ServerThreads},{s.QueueLength},{Optional(s.SchedulingDelayMs)},{Optional(s.SchedulingDelayMaxMs)},{s.StarvationEvents}");
            }
        }
        return text.ToString();
    }

    private static string Optional(double? value) => value is { } number ? ReportText.Csv(number) : "";

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
