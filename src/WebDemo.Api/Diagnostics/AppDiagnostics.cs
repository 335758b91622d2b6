using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace WebDemo.Api.Diagnostics;

/// <summary>The app's one <see cref="System.Diagnostics.Metrics.Meter"/> and one <see cref="System.Diagnostics.ActivitySource"/>, named once.</summary>
public static class AppDiagnostics
{
    public const string Name = "WebDemo.Api";

    public static readonly string Version =
        typeof(AppDiagnostics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static readonly Meter Meter = new(Name, Version);

    public static readonly ActivitySource ActivitySource = new(Name, Version);
}
