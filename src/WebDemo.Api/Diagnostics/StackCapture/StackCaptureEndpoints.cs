using Microsoft.AspNetCore.Http.HttpResults;
using WebDemo.Api.Admin;

namespace WebDemo.Api.Diagnostics.StackCapture;

public static class StackCaptureEndpoints
{
    private const int TopChainsInSummary = 5;

    /// <summary>
    /// The stack-capture routes, under <c>/diagnostics</c>. They expose the code's structure, so they follow the admin rule
    /// (<see cref="AdminKey"/>): they exist only when <c>Admin:Enabled</c> is true, and then answer only callers presenting the admin key.
    /// </summary>
    public static RouteGroupBuilder MapStackCapture(this RouteGroupBuilder diagnostics)
    {
        // Public, and free of code structure: whether capture works and whether the guarded routes exist (the dashboard asks first).
        diagnostics.MapGet("/stack-capture", GetAccess)
            .WithName("GetStackCaptureStatus")
            .WithSummary("Whether stack capture is on here and whether its (guarded) routes exist")
            .WithDescription("Public: names no code. routesEnabled is Admin:Enabled — the /diagnostics/stacks routes exist only then, and " +
                "need the admin key in X-Api-Key. status.available is false, with a reason, when the process cannot sample itself " +
                "(DOTNET_EnableDiagnostics=0). See docs/stack-capture.md.");

        var group = diagnostics.MapGroup("/stacks");
        if (!((IEndpointRouteBuilder)diagnostics).ServiceProvider.GetRequiredService<AdminKey>().RoutesEnabled)
        {
            return group;
        }
        group.AddEndpointFilter(RequireAdminKey).ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/", CaptureAsync)
            .WithName("CaptureStacks")
            .WithSummary("Capture every managed thread's stack now and show what holds the pool threads (guarded; needs X-Api-Key)")
            .WithDescription("Samples the process's own threads for a moment (an EventPipe session on its diagnostic port, ~0.2 s, on a " +
                "dedicated thread: it works while the pool is starved) and groups the busy pool threads by call chain: the leaf frame, " +
                "the framework call the application made and the first application frames, framework frames folded into '…'. " +
                "Under blocking load the top chain names the blocking code, e.g. Thread.Sleep ← SimulatedBackend.Embed ← BlockingStrategy.Handle. " +
                "One capture at a time: a request arriving during a capture gets that capture. 503 when the runtime's diagnostic port is off " +
                "(DOTNET_EnableDiagnostics=0). Exists only when Admin:Enabled is true.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/recent", GetRecent)
            .WithName("GetRecentStackCaptures")
            .WithSummary("The kept stack captures, newest first, with their top call chains, and whether capture is on (guarded)")
            .WithDescription("What the dashboard's 'who is blocking' panel shows. Captures are taken automatically when the scheduling delay " +
                "crosses StackCapture:ThresholdMs (at most one per StackCapture:MinIntervalSeconds) and on demand (GET /diagnostics/stacks). " +
                "status.available is false, with a reason, when the process cannot sample itself. Exists only when Admin:Enabled is true.");

        group.MapGet("/{id:long}", GetById)
            .WithName("GetStackCapture")
            .WithSummary("One kept stack capture in full: every call chain, an example stack and the OS thread ids (guarded)")
            .WithDescription("Captures are kept in memory (StackCapture:Keep, oldest dropped first); 404 once this one is gone. " +
                "Exists only when Admin:Enabled is true.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<StackCaptureResult>, ProblemHttpResult>> CaptureAsync(
        StackCaptureService captures, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await captures.CaptureAsync().WaitAsync(cancellationToken));
        }
        catch (StackCaptureUnavailableException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Stack capture is off",
                detail: $"This process cannot capture its stacks: {exception.Message}.");
        }
    }

    private static Ok<StackCaptureAccess> GetAccess(StackCaptureService captures, AdminKey admin) =>
        TypedResults.Ok(new StackCaptureAccess(admin.RoutesEnabled, AdminKey.Header, captures.Status));

    private static Ok<StackCaptureOverview> GetRecent(StackCaptureService captures, StackCaptureStore store) =>
        TypedResults.Ok(new StackCaptureOverview(captures.Status, store.Kept().Select(Summarise).ToList()));

    private static Results<Ok<StackCaptureResult>, ProblemHttpResult> GetById(long id, StackCaptureStore store) =>
        store.Kept().FirstOrDefault(capture => capture.Id == id) is { } capture
            ? TypedResults.Ok(capture)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such stack capture",
                detail: $"Capture {id} is not kept (any more); GET /diagnostics/stacks/recent lists the kept ones.");

    private static StackCaptureSummary Summarise(StackCaptureResult capture) =>
        new(capture.Id, capture.CapturedAt, capture.Trigger, capture.SchedulingDelayMs, capture.ThreadPoolThreads, capture.QueuedWorkItems,
            capture.IdlePoolThreads, capture.WallMs, capture.CpuMs,
            capture.Chains.Take(TopChainsInSummary).Select(chain => new ChainSummary(chain.Name, chain.Threads, chain.ApplicationCode, chain.Frames)).ToList());

    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.RequestServices.GetRequiredService<AdminKey>().Matches(http.Request.Headers[AdminKey.Header]))
        {
            return await next(context);
        }
        return AdminKey.Required(http.Response,
            $"Stack captures show the code's structure: send the configured admin key in the {AdminKey.Header} header.");
    }
}
