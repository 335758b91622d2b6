namespace WebDemo.Load.Results;

// Part of results.json (the schema is described in LoadReport.cs): add fields freely; renaming or removing one means a new Schema value.

public sealed class RequestCounts
{
    /// <summary>Requests sent (ok + failed); dropped injections were never sent.</summary>
    public long Total { get; set; }

    public long Ok { get; set; }

    public long Failed { get; set; }

    /// <summary>Open model: injections skipped because the outstanding-request cap was reached (k6's dropped_iterations).</summary>
    public long Dropped { get; set; }

    public long BytesSent { get; set; }

    public long BytesReceived { get; set; }

    /// <summary>Responses by HTTP status code.</summary>
    public SortedDictionary<string, long> StatusCodes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Failures by kind: <c>timeout</c>, <c>connection-refused</c>, <c>connection-reset</c>, <c>http-503</c>, ...</summary>
    public SortedDictionary<string, long> Errors { get; set; } = new(StringComparer.Ordinal);
}
