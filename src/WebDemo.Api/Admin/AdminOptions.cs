using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Admin;

/// <summary>The guarded admin lever (section <c>Admin</c>): off unless enabled, and then only with the API key.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string SectionName = "Admin";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Maps <c>POST /admin/threadpool/min-threads</c>; when false the route does not exist (404).</summary>
    public bool Enabled { get; set; }

    /// <summary>The key callers send in <c>X-Api-Key</c>; required (16+ characters) when <see cref="Enabled"/>.</summary>
    public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (ApiKey is null || ApiKey.Trim().Length < 16))
        {
            yield return new ValidationResult(
                "Admin:Enabled is true, so Admin:ApiKey must be set to a secret of at least 16 characters.", [nameof(ApiKey)]);
        }
    }
}
