namespace WebDemo.Api.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>The admin rule's options (validated at start: an enabled admin needs a key) and the rule itself.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AdminKey>();
        return services;
    }
}
