using System.Diagnostics;
using System.Globalization;
using WebDemo.Load.Engine.Transport;
using WebDemo.Processes;

namespace WebDemo.Load.Hosting;

/// <summary>
/// The fresh WebDemo.Api process the load tool starts for a run (with <see cref="AppProcess"/>): which build, which
/// settings, and without the client's socket settings, which would make a server stall.
/// </summary>
public static class ApiProcess
{
    /// <summary>Starts the API on a free loopback port; ready when <c>/health/ready</c> answers, stopped with SIGTERM on dispose.</summary>
    public static Task<AppProcess> StartAsync(string apiDll, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken) =>
        AppProcess.StartAsync(LaunchOf(apiDll), settings, cancellationToken: cancellationToken);

    /// <summary>Configuration for a fresh API: room for the whole load in flight, and no per-request log lines eating CPU.</summary>
    public static Dictionary<string, string> SettingsFor(int concurrentRequests, int inputsPerRequest = 1) => new()
    {
        ["Embeddings__MaxInFlightInputs"] = Math.Max(512, (concurrentRequests * inputsPerRequest) + 64).ToString(CultureInfo.InvariantCulture),
        ["Serilog__MinimumLevel__Default"] = "Warning",
        ["Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime"] = "Warning",
    };

    /// <summary>The requested WebDemo.Api.dll, or the one built in this checkout (this tool's configuration first); null if none.</summary>
    public static string? FindApiDll(string? requested)
    {
        if (requested is not null)
        {
            return File.Exists(requested) ? Path.GetFullPath(requested) : null;
        }
        var root = Cli.RepositoryRoot.Find();
        return root is null
            ? null
            : new[] { Checkout.Configuration, "Release", "Debug" }
                .Select(configuration => Checkout.BuiltDll(root, "WebDemo.Api", configuration))
                .FirstOrDefault(File.Exists);
    }

    /// <summary>How the API is started: its own process, a Production environment, and the settings of the run.</summary>
    internal static ProcessStartInfo CreateStartInfo(string apiDll, Uri baseAddress, IReadOnlyDictionary<string, string> settings) =>
        AppProcess.CreateStartInfo(LaunchOf(apiDll), baseAddress, settings);

    /// <summary>The API's environment: inherited from this process without the client's socket settings, plus the run's.</summary>
    internal static void PrepareEnvironment(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string> settings) =>
        AppProcess.PrepareEnvironment(LaunchOf(apiDll: ""), environment, settings);

    // The last 200 output lines are enough to explain a failed start; a long run's warnings need not pile up.
    private static AppLaunch LaunchOf(string apiDll) =>
        new(apiDll) { UninheritedVariables = [.. ClientSocketEngine.Settings.Keys], OutputLinesKept = 200 };
}
