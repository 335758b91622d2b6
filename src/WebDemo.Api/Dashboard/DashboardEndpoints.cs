using Microsoft.AspNetCore.Http.HttpResults;

namespace WebDemo.Api.Dashboard;

public static class DashboardEndpoints
{
    /// <summary>
    /// The live dashboard: one static page (wwwroot/dashboard) that polls <c>/diagnostics/threadpool</c> every second.
    /// <c>/</c> leads to it; Swagger UI stays at <c>/swagger</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect("/dashboard")).ExcludeFromDescription();
        app.MapGet("/dashboard", ServePage).ExcludeFromDescription();
        return app;
    }

    private static PhysicalFileHttpResult ServePage(IWebHostEnvironment environment) =>
        TypedResults.PhysicalFile(Path.Combine(environment.WebRootPath, "dashboard", "index.html"), "text/html; charset=utf-8");
}
