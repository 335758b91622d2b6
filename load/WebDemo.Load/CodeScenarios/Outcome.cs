using System.Globalization;

namespace WebDemo.Load.CodeScenarios;

/// <summary>
/// What one run of a scenario's function came to: ok, or failed with a kind the report counts it under
/// (<c>http-503</c>, <c>wrong-nearest</c>, ...), plus the status and the bytes received.
/// </summary>
public readonly record struct Outcome(bool IsOk, int StatusCode, long SizeBytes, string? FailureKind)
{
    /// <summary>Success; <paramref name="sizeBytes"/> is what the scenario received (for the report's bytes column).</summary>
    public static Outcome Ok(int statusCode = 200, long sizeBytes = 0) => new(true, statusCode, sizeBytes, null);

    /// <summary>Failure of the scenario's own kind, e.g. a check on the answer that did not hold.</summary>
    public static Outcome Fail(string kind, int statusCode = 0, long sizeBytes = 0) =>
        new(false, statusCode, sizeBytes, string.IsNullOrWhiteSpace(kind) ? throw new ArgumentException("Name the kind of failure.", nameof(kind)) : kind);

    /// <summary>Failure by HTTP status: counted as <c>http-{status}</c>, as the command line's requests are.</summary>
    public static Outcome Fail(int statusCode, long sizeBytes = 0) =>
        new(false, statusCode, sizeBytes, "http-" + statusCode.ToString(CultureInfo.InvariantCulture));

    /// <summary>Ok for a 2xx or 3xx answer, else failed by status; reads the body to its end (its size is recorded).</summary>
    public static async Task<Outcome> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = (int)response.StatusCode;
        return status is >= 200 and < 400 ? Ok(status, body.Length) : Fail(status, body.Length);
    }
}
