namespace WebDemo.Api.ThreadPoolDiagnostics;

public static class ThreadPoolServiceCollectionExtensions
{
    /// <summary>
    /// The thread-pool instruments no package provides: correct gauges, the scheduling-delay probe and the starvation
    /// listener (both run while the host runs), and the guarded admin lever's options.
    /// </summary>
    public static IServiceCollection AddThreadPoolDiagnostics(this IServiceCollection services)
    {
        services.AddSingleton<ThreadPoolMetrics>();
        services.AddSingleton<SchedulingDelayProbe>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulingDelayProbe>());
        services.AddSingleton<StarvationListener>();
        services.AddHostedService<StarvationListenerLifetime>();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
