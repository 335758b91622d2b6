using WebDemo.Load.Cli;

// Socket completions run on the socket engine's own thread instead of being queued to the thread pool: a response is
// parsed, recorded and the next request sent without waking another thread, as in wrk's event loop. That halves the
// client's context switches per request, so the client takes less of the CPU it shares with the server. It must be
// set before the first socket is used: the runtime reads it once, when its socket engine starts.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

// WebDemo.Load: load scenarios in NBomber's vocabulary (see the README, "Load testing").
return await LoadCli.InvokeAsync(args);
