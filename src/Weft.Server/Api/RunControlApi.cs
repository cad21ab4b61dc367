using Weft.Core.Commands;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;

using Weft.Server.Auth;
using Weft.Contracts;
using Weft.Contracts.Runs;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

/// <summary>Operator control actions on a run: pause, resume, retry, resume-with-errors (terminate is in <see cref="RunsApi"/>).</summary>
internal static class RunControlApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private static readonly BodyRules RerunBody = new("{ \"fromStep\": \"<step id>\", \"variables\": { ... } }");

    private static readonly BodyRules ReasonBody = new("{ \"reason\": \"...\" }");

    public static RouteGroupBuilder MapRunControlApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/runs/{id}").WithTags("Runs").AcceptsNumbers(NumberedIds.Kind.Run);
        group.MapPost("/pause", PauseAsync).WithName("PauseRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Pause a run: it takes no new step; work in flight finishes and is kept; timers that fall due fire after resume")
            .Accepts<ReasonRequest>(true, "application/json").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/resume", ResumeAsync).WithName("ResumeRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Resume a paused run where it stood")
            .Accepts<ReasonRequest>(true, "application/json").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
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
        await ApplyAsync(request, control, new ControlRun(ns, id, RunAction.Pause, await ReasonAsync(request, ct)), ct);

    private static async Task<Ok<RunResponse>> ResumeAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct) =>
        await ApplyAsync(request, control, new ControlRun(ns, id, RunAction.Resume, await ReasonAsync(request, ct)), ct);

    private static Task<Ok<RunResponse>> RetryAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct) =>
        ApplyAsync(request, control, new ControlRun(ns, id, RunAction.Retry), ct);

    private static Task<Ok<RunResponse>> ResumeWithErrorsAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct) =>
        ApplyAsync(request, control, new ControlRun(ns, id, RunAction.ResumeWithErrors), ct);

    /// <summary>Carries out a control action as the caller, with the request's idempotency key.</summary>
    internal static async Task<Ok<RunResponse>> ApplyAsync(HttpRequest request, RunControl control, ControlRun command, CancellationToken ct) =>
        TypedResults.Ok(RunMapping.ToResponse(await control.ApplyAsync(command with { By = By(request), IdempotencyKey = Key(request) }, ct)));

    private static async Task<Created<RunResponse>> RerunAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.RerunRequest, RerunBody, ct)).Value;
        var run = await control.RerunAsync(new RerunRun(ns, id, body.FromStep, body.Variables, By(request), Key(request)), ct);
        return TypedResults.Created($"/api/v1/namespaces/{ns}/runs/{run.Id}", RunMapping.ToResponse(run));
    }

    private static string? By(HttpRequest request) => Caller.From(request.HttpContext)?.Id;

    /// <summary>The request's <c>Idempotency-Key</c>, or null.</summary>
    public static string? Key(HttpRequest request)
    {
        var key = request.Headers[IdempotencyHeader].ToString().Trim();
        if (key.Length == 0) return null;
        return key.Length <= 200 ? key : throw new BadRequestException("The Idempotency-Key header must be at most 200 characters.", IdempotencyHeader);
    }

    private static async Task<string?> ReasonAsync(HttpRequest request, CancellationToken ct) =>
        (await RequestBody.ReadAsync(request, WeftJsonContext.Default.ReasonRequest, ReasonBody, ct))?.Value.Reason;
}
