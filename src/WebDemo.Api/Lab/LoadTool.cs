using System.Reflection;
using Microsoft.Extensions.Options;
using WebDemo.Processes;

namespace WebDemo.Api.Lab;

/// <summary>
/// Where the load tool's built <c>WebDemo.Load.dll</c> is: <c>Lab:LoadToolDll</c>, or the checkout the API runs from
/// (running the API with <c>dotnet run</c> builds it too: the API project references it for build order only), in
/// the API's own configuration first. The container image has no load tool, and keeps the lab off.
/// </summary>
public sealed class LoadTool(IOptions<LabOptions> options)
{
    private static readonly string Configuration =
        typeof(LoadTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The dll, or null with where it was looked for.</summary>
    public string? Find(out string lookedAt)
    {
        if (options.Value.LoadToolDll is { Length: > 0 } configured)
        {
            lookedAt = configured;
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        if (Checkout.FindAbove(AppContext.BaseDirectory) is not { } root)
        {
            lookedAt = $"a checkout above {AppContext.BaseDirectory} (set Lab:LoadToolDll)";
            return null;
        }
        var candidates = new[] { Configuration, Configuration == "Debug" ? "Release" : "Debug" }
            .Select(configuration => Checkout.BuiltDll(root, "WebDemo.Load", configuration)).ToList();
        lookedAt = string.Join(" and ", candidates);
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The <c>dotnet</c> host that runs the API runs the tool too, else the one on PATH.</summary>
    public static string DotNetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
