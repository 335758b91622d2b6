using System.CommandLine;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using WebDemo.Load.Measurement;

namespace WebDemo.Load.Cli;

/// <summary>The command line: <c>run</c>, <c>compare</c>, <c>merge</c>.</summary>
public static class LoadCli
{
    /// <summary><c>--metrics-listen</c>: every command can serve its live client metrics to Prometheus while it runs.</summary>
    public static Option<(string Host, int Port)?> MetricsListen { get; } = new("--metrics-listen")
    {
        Description = "Serve the live client metrics (requests, latency from intended start, in flight, dropped) for Prometheus " +
            "at http://HOST:PORT/metrics while the command runs, e.g. localhost:9464 (+:9464 listens on every interface, as in a container).",
        HelpName = "host:port",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var colon = text.LastIndexOf(':');
            if (colon > 0 && int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and <= 65535)
            {
                return (text[..colon], port);
            }
            result.AddError($"--metrics-listen takes HOST:PORT (e.g. localhost:9464), not '{text}'.");
            return null;
        },
    };

    public static RootCommand Create()
    {
        var root = new RootCommand("Load scenarios for WebDemo: run one strategy, compare them all, merge results from several machines.");
        root.Options.Add(MetricsListen);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Create().Parse(args);
        using var exporter = parse.Errors.Count == 0 && parse.GetValue(MetricsListen) is { } listen ? ServeMetrics(listen.Host, listen.Port) : null;
        return await parse.InvokeAsync();
    }

    /// <summary>An OpenTelemetry meter provider exporting <see cref="ClientMetrics"/> through Prometheus' stand-alone listener.</summary>
    public static MeterProvider ServeMetrics(string host, int port)
    {
        var builder = Sdk.CreateMeterProviderBuilder().AddMeter(ClientMetrics.MeterName);
        foreach (var address in ListenHosts(host))
        {
            builder.AddPrometheusHttpListener(name: address, options =>
            {
                options.Host = address;
                options.Port = port;
            });
        }
        return builder.Build();
    }

    /// <summary>
    /// The hosts to listen on. HttpListener's wildcards (+, *) are no host name the exporter accepts, and it cannot
    /// listen on 0.0.0.0; "every interface" (what a container needs, to be scraped by its address) is then each of this
    /// machine's own IPv4 addresses, loopback included, one listener each.
    /// </summary>
    private static IEnumerable<string> ListenHosts(string host) => host is "+" or "*" or "0.0.0.0"
        ? NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(network => network.GetIPProperties().UnicastAddresses)
            .Where(unicast => unicast.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(unicast => unicast.Address.ToString())
            .Distinct()
        : [host];
}
