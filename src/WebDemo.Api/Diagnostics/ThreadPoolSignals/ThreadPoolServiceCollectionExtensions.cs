namespace WebDemo.Api.Diagnostics.ThreadPoolSignals;

public static class ThreadPoolServiceCollectionExtensions
{
    /// <summary>
    /// The thread-pool instruments no package provides: correct gauges, the scheduling-delay probe and the starvation
    /// listener (both run while the host runs).
    /// </summary>
    public static IServiceCollection AddThreadPoolDiagnostics(this IServiceCollection services)
    {
        services.AddSingleton<ThreadPoolMetrics>();
        services.AddSingleton<SchedulingDelayProbe>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulingDelayProbe>());
        services.AddSingleton<StarvationListener>();
        services.AddHostedService<StarvationListenerLifetime>();
        return services;
    }
}
