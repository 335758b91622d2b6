using System.Diagnostics;
using System.Reflection;

namespace WebDemo.Api.Telemetry;

/// <summary>
/// The app's telemetry names: one meter name (its instruments are created through <see cref="System.Diagnostics.Metrics.IMeterFactory"/>,
/// so every host, a test's too, has meters of its own) and one <see cref="System.Diagnostics.ActivitySource"/>.
/// </summary>
public static class AppDiagnostics
{
    public const string Name = "WebDemo.Api";

    public static readonly string Version =
        typeof(AppDiagnostics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(Name, Version);
}
