namespace WebDemo.Api.Embeddings.Backends;

/// <summary>The upstream embedding server failed; <see cref="StatusCode"/> is 502 (bad gateway) or 504 (timeout).</summary>
public sealed class UpstreamException(int statusCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int StatusCode { get; } = statusCode;
}
