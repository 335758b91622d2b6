namespace WebDemo.Api.Diagnostics.StackCapture;

public static class StackCaptureExtensions
{
    public static IServiceCollection AddStackCapture(this IServiceCollection services)
    {
        services.AddOptions<StackCaptureOptions>().BindConfiguration(StackCaptureOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StackCaptureMetrics>();
        services.AddSingleton<EventPipeStackSampler>();
        services.AddSingleton<StackCaptureStore>();
        services.AddSingleton<AutomaticCapturePolicy>();
        services.AddSingleton<StackCaptureService>();
        services.AddHostedService(sp => sp.GetRequiredService<StackCaptureService>());
        return services;
    }
}
