using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WebDemo.Api.Admin;

namespace WebDemo.Api.Lab;

/// <summary>
/// The lab: put strategies under load against this API itself and read the verdict, from Swagger UI or the dashboard.
/// The load comes from the load tool in a child process (see <see cref="LabRunner"/>); it only ever targets this API's
/// own loopback address (see <see cref="OwnAddress"/>). Exists only where <see cref="LabAccess"/> allows it.
/// </summary>
public static class LabEndpoints
{
    public static IEndpointRouteBuilder MapLab(this IEndpointRouteBuilder app)
    {
        var access = app.ServiceProvider.GetRequiredService<LabAccess>();
        // Public, so the dashboard never requests a route that does not exist, or needs a key it lacks.
        app.MapGet("/lab", () => TypedResults.Ok(new LabStatus(access.RoutesEnabled, access.KeyRequired)))
            .WithTags("Lab")
            .WithName("GetLabStatus")
            .WithSummary("Whether the lab's routes exist here, and whether they need the admin key")
            .WithDescription("Public: names nothing. The /lab/runs routes exist in Development, or with Lab:Enabled; outside Development " +
                "they then need the admin key in X-Api-Key. See docs/lab.md.");
        if (!access.RoutesEnabled)
        {
            return app;
        }
        var lab = app.MapGroup("/lab/runs").WithTags("Lab").AddEndpointFilter(async (context, next) =>
            !access.KeyRequired || context.HttpContext.RequestServices.GetRequiredService<AdminKey>().Matches(context.HttpContext.Request.Headers[AdminKey.Header])
                ? await next(context)
                : AdminKey.Required(context.HttpContext.Response, $"The lab needs the admin key here: send it in the {AdminKey.Header} header."));
        lab.MapPost("/", Start)
            .WithName("StartLabRun")
            .WithSummary("Put strategies under load against this API, one after another (202; poll the Location)")
            .WithDescription("Runs the load tool (load/WebDemo.Load, `compare`) in a child process against this API's own loopback address, " +
                "each strategy under the same closed-model load in turn: `clients` concurrent clients for `seconds`, backend latency `latencyMs`. " +
                "Before each strategy it waits (up to Lab:PoolCoolDownSeconds) for the thread pool to shrink back, so no strategy inherits " +
                "threads an earlier one grew; each result row shows the pool's size at its start. Watch /dashboard meanwhile. One run at a time (409).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        lab.MapGet("/", List)
            .WithName("ListLabRuns")
            .WithSummary("The recent lab runs, newest first (at most Lab:KeptRuns)");
        lab.MapGet("/{id}", Get)
            .WithName("GetLabRun")
            .WithSummary("A lab run: state, progress, and the side-by-side result with the comparison sentence when completed")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        lab.MapDelete("/{id}", Stop)
            .WithName("StopLabRun")
            .WithSummary("Stop a running lab run at once (the load tool is killed; the API finishes the requests it had in flight)")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        lab.MapGet("/{id}/report", Report)
            .WithName("GetLabRunReport")
            .WithSummary("The load tool's full HTML report of a completed run")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static Results<Accepted<LabRunView>, ValidationProblem, Conflict<ProblemDetails>, ProblemHttpResult> Start(
        [FromBody] LabRunRequest? request, LabRunner runner, OwnAddress self)
    {
        if (LabSettings.From(request, out var errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors, title: "The lab run's settings are out of bounds.");
        }
        if (self.Loopback() is not { } target)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No loopback address",
                detail: "The lab loads only this API on its own loopback address, and the API listens on none (use --urls http://localhost:PORT).");
        }
        try
        {
            var (run, started) = runner.Start(settings, target);
            if (!started)
            {
                return TypedResults.Conflict(new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "A lab run is already going",
                    Detail = $"Run {run.Id} is running; wait for it (GET /lab/runs/{run.Id}) or stop it (DELETE /lab/runs/{run.Id}).",
                    Extensions = { ["runningId"] = run.Id },
                });
            }
            return TypedResults.Accepted($"/lab/runs/{run.Id}", run.View());
        }
        catch (FileNotFoundException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Load tool not built", detail: exception.Message);
        }
    }

    private static Ok<LabRunView[]> List(LabRunner runner) => TypedResults.Ok(runner.Recent().Select(run => run.View()).ToArray());

    private static Results<Ok<LabRunView>, ProblemHttpResult> Get(string id, LabRunner runner) =>
        runner.Find(id) is { } run ? TypedResults.Ok(run.View()) : Unknown(id);

    private static Results<Ok<LabRunView>, ProblemHttpResult> Stop(string id, LabRunner runner)
    {
        if (runner.Find(id) is not { } run)
        {
            return Unknown(id);
        }
        runner.Stop(id, "Stopped by DELETE /lab/runs/" + id + ".");
        return TypedResults.Ok(run.View());
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Report(string id, LabRunner runner) =>
        runner.Find(id) is { ReportFile: { } file } run && File.Exists(file) && Path.GetFullPath(file).StartsWith(run.Folder, StringComparison.Ordinal)
            ? TypedResults.PhysicalFile(file, "text/html; charset=utf-8")
            : Unknown(id, "or it has no report (yet)");

    private static ProblemHttpResult Unknown(string id, string? more = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such lab run",
            detail: $"There is no lab run '{id}'{(more is null ? "" : " " + more)}; GET /lab/runs lists the recent ones.");
}
