namespace WebDemo.Api.Admin;

/// <summary>The body of <c>POST /admin/threadpool/min-threads</c>.</summary>
/// <param name="WorkerThreads">The new minimum number of worker threads (1 … the maximum).</param>
public sealed record MinThreadsRequest(int WorkerThreads);
