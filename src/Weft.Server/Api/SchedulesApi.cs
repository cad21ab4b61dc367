using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;

using Weft.Server.Auth;
using Weft.Contracts.Schedules;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

internal static class SchedulesApi
{
    public static RouteGroupBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/schedules").WithTags("Schedules");
        group.MapGet("/", ListAsync).WithName("ListSchedules").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("List the schedules of the namespace's definitions with their next run time and last tick").ProducesProblem(404);
        group.MapPost("/{definition}/{id}/pause", PauseAsync).WithName("PauseSchedule").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Stop a schedule starting runs until it is resumed").ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/{definition}/{id}/resume", ResumeAsync).WithName("ResumeSchedule").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Let a paused schedule start runs again, from its next tick after now").ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<ScheduleResponse>>> ListAsync(string ns, ScheduleService schedules, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ScheduleResponse>>((await schedules.ListAsync(ns, ct)).Select(s => s.ToResponse()).ToList());

    private static async Task<Ok<ScheduleResponse>> PauseAsync(string ns, string definition, string id, ScheduleService schedules, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await schedules.PauseAsync(ns, definition, id, ct)));

    private static async Task<Ok<ScheduleResponse>> ResumeAsync(string ns, string definition, string id, ScheduleService schedules, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await schedules.ResumeAsync(ns, definition, id, ct)));
}
