using System.Globalization;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// Makes the runtime's socket engine work like wrk's event loops: one epoll thread per core, and socket completions
/// run on that thread instead of being queued to the thread pool. An answer is then parsed and recorded and the next
/// request sent without waking another thread, which halves the client's context switches per request and leaves more
/// of a shared machine's CPU to the server. For a server this would be wrong — a blocking handler would stall every
/// socket of its event loop — so the API processes the tool starts never inherit these settings.
/// On Linux x86-64 the load's own http:// connections use <see cref="EventLoops.EventLoop"/> instead; these settings
/// serve everything else that goes through the runtime's sockets: <c>HttpClient</c> (https:// targets, the bystander
/// probe, the server sampler) and the http:// connections on other platforms.
/// </summary>
public static class ClientSocketEngine
{
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>The runtime's environment variables and the values the load tool runs with.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        [InlineCompletionsVariable] = "1",
        [ThreadCountVariable] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Applies the settings to this process. Call it before the first socket is used: the runtime reads them once.</summary>
    public static void Configure()
    {
        foreach (var (name, value) in Settings)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>Takes the settings out of a child process's environment (which starts as a copy of this one's).</summary>
    public static void RemoveFrom(IDictionary<string, string?> environment)
    {
        foreach (var name in Settings.Keys)
        {
            environment.Remove(name);
        }
    }
}
