using Microsoft.Extensions.Options;

namespace WebDemo.Api.Lab;

/// <summary>
/// Who may use the lab: in Development (<c>dotnet run</c>) anyone on this machine's API, unless <c>Lab:Enabled</c> is
/// false; elsewhere nobody (the routes do not exist: 404) unless <c>Lab:Enabled</c> is true, and then only callers with
/// the admin key in <c>X-Api-Key</c> (401 without it, as for the admin lever).
/// </summary>
public sealed class LabAccess(IOptions<LabOptions> options, IHostEnvironment environment)
{
    public bool RoutesEnabled => options.Value.Enabled ?? environment.IsDevelopment();

    public bool KeyRequired => !environment.IsDevelopment();
}
