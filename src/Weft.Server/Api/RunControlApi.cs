using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;

using Weft.Server.Auth;

namespace Weft.Server.Api;

/// <summary>Operator control actions on a run: pause, resume, retry, resume-with-errors (terminate is in <see cref="RunsApi"/>).</summary>
internal static class RunControlApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapRunControlApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/runs/{id}").WithTags("Runs").AcceptsNumbers(NumberedIds.Kind.Run);
        group.MapPost("/pause", PauseAsync).WithName("PauseRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Pause a run: it takes no new step; work in flight finishes and is kept; timers that fall due fire after resume")
            .ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/resume", ResumeAsync).WithName("ResumeRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Resume a paused run where it stood")
            .ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/retry", RetryAsync).WithName("RetryRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("A failed or timed-out run goes on from its failed step with a fresh attempt count")
            .ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/resume-with-errors", ResumeWithErrorsAsync).WithName("ResumeRunWithErrors").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("A failed run goes on with the step after its failed step; that step stays failed")
            .ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/rerun", RerunAsync).WithName("RerunRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Start a new run of the same definition version from a chosen step, with the state the original had before that step")
            .Accepts<RerunRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    private static async Task<Ok<RunResponse>> PauseAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct) =>
        TypedResults.Ok(RunResponse.From(await control.PauseAsync(ns, id, await ReasonAsync(request, ct), By(request), Key(request), ct)));

    private static async Task<Ok<RunResponse>> ResumeAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct) =>
        TypedResults.Ok(RunResponse.From(await control.ResumeAsync(ns, id, await ReasonAsync(request, ct), By(request), Key(request), ct)));

    private static async Task<Ok<RunResponse>> RetryAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct) =>
        TypedResults.Ok(RunResponse.From(await control.RetryAsync(ns, id, By(request), Key(request), ct)));

    private static async Task<Ok<RunResponse>> ResumeWithErrorsAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct) =>
        TypedResults.Ok(RunResponse.From(await control.ResumeWithErrorsAsync(ns, id, By(request), Key(request), ct)));

    private static async Task<Created<RunResponse>> RerunAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync(request, ct) as JsonObject
            ?? throw new BadRequestException("The body must be a JSON object: { \"fromStep\": \"<step id>\", \"variables\": { ... } }.");
        var fromStep = body["fromStep"] is JsonValue f && f.TryGetValue<string>(out var step) && step.Length > 0
            ? step
            : throw new BadRequestException("'fromStep' is required: the id of the step the new run starts at.", "fromStep");
        var variables = body["variables"] switch
        {
            null => null,
            JsonObject o => o.DeepClone().AsObject(),
            _ => throw new BadRequestException("'variables' must be a JSON object.", "variables"),
        };
        var run = await control.RerunAsync(ns, id, fromStep, variables, By(request), Key(request), ct);
        return TypedResults.Created($"/api/v1/namespaces/{ns}/runs/{run.Id}", RunResponse.From(run));
    }

    private static string? By(HttpRequest request) => Caller.From(request.HttpContext)?.Id;

    /// <summary>The request's <c>Idempotency-Key</c>, or null.</summary>
    public static string? Key(HttpRequest request)
    {
        var key = request.Headers[IdempotencyHeader].ToString().Trim();
        if (key.Length == 0) return null;
        return key.Length <= 200 ? key : throw new BadRequestException("The Idempotency-Key header must be at most 200 characters.", IdempotencyHeader);
    }

    private static async Task<string?> ReasonAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync(request, ct);
        return body switch
        {
            null => null,
            JsonObject o when o["reason"] is null => null,
            JsonObject o when o["reason"] is JsonValue r && r.TryGetValue<string>(out var text) => text,
            JsonObject => throw new BadRequestException("'reason' must be a string.", "reason"),
            _ => throw new BadRequestException("The body must be a JSON object: { \"reason\": \"...\" }."),
        };
    }
}
