namespace WebDemo.Api.StackCapture;

public static class StackCaptureExtensions
{
    public static IServiceCollection AddStackCapture(this IServiceCollection services)
    {
        services.AddOptions<StackCaptureOptions>().BindConfiguration(StackCaptureOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AppSignals>();
        services.AddSingleton<StackCaptureMetrics>();
        services.AddSingleton<EventPipeStackSampler>();
        services.AddSingleton<StackCaptureService>();
        services.AddHostedService(sp => sp.GetRequiredService<StackCaptureService>());
        return services;
    }
}
