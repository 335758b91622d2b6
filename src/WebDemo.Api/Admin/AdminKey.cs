using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace WebDemo.Api.Admin;

/// <summary>
/// The admin rule, for the admin lever and the stack-capture routes alike: the routes exist only when
/// <c>Admin:Enabled</c> is true, and then answer only callers presenting the admin key in <see cref="Header"/>.
/// </summary>
public sealed class AdminKey(IOptions<AdminOptions> options)
{
    public const string Header = AdminOptions.ApiKeyHeader;

    public bool RoutesEnabled => options.Value.Enabled;

    /// <summary>Compared in constant time, so the time to answer does not reveal how much of a guessed key was right.</summary>
    public bool Matches(string? presented) =>
        !string.IsNullOrEmpty(presented) && options.Value.ApiKey is { } expected
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>The 401 for a caller without the key, with the header that says where to put it.</summary>
    public static ProblemHttpResult Required(HttpResponse response, string detail)
    {
        response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: detail);
    }
}
