namespace WebDemo.Api.Admin;

/// <summary>The minimum worker threads before and after the change.</summary>
public sealed record MinThreadsResponse(int Previous, int Current);
