namespace WebDemo.Api.Lab;

/// <summary>The body of <c>GET /lab</c>: whether the lab's routes exist here, and whether they need the admin key.</summary>
/// <param name="RoutesEnabled">Lab:Enabled, or Development when unset: the /lab/runs routes exist only then.</param>
/// <param name="KeyRequired">Outside Development the lab's routes need the admin key in X-Api-Key.</param>
public sealed record LabStatus(bool RoutesEnabled, bool KeyRequired);
