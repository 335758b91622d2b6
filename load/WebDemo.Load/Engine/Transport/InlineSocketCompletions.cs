namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// The runtime's switch that runs socket completions on the socket engine's own thread instead of queueing them to
/// the thread pool. For a load client that is wrk's event loop: an answer is parsed and recorded and the next request
/// sent without waking another thread, which halves the client's context switches per request and leaves more of a
/// shared machine's CPU to the server. For a server it would be wrong — a blocking handler would stall every socket —
/// so the API processes the tool starts never inherit it.
/// </summary>
public static class InlineSocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Turns the switch on for this process. Call it before the first socket is used: the runtime reads it once.</summary>
    public static void Enable() => Environment.SetEnvironmentVariable(Variable, "1");
}
