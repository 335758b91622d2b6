using Microsoft.Extensions.Options;
using WebDemo.Api.Admin;

namespace WebDemo.Api.Lab;

public static class LabServiceCollectionExtensions
{
    /// <summary>The lab's options (validated at start: enabled outside Development needs the admin key), its runner and its target.</summary>
    public static IServiceCollection AddLab(this IServiceCollection services)
    {
        services.AddOptions<LabOptions>().BindConfiguration(LabOptions.SectionName).ValidateDataAnnotations()
            .Validate<IHostEnvironment, IOptions<AdminOptions>>(
                (lab, environment, admin) => lab.Enabled != true || environment.IsDevelopment() || admin.Value.ApiKey?.Trim().Length >= 16,
                "Lab:Enabled is true outside Development, so Admin:ApiKey must be set to a secret of at least 16 characters: the lab needs the admin key.")
            .ValidateOnStart();
        services.AddSingleton<LabAccess>();
        services.AddSingleton<LoadTool>();
        services.AddSingleton<OwnAddress>();
        services.AddSingleton<LabRunner>();
        return services;
    }
}
